// The context the gateway's pipeline stages share (its Env: env.ts).
import type { RequestContext } from "@pitchey/http";
import type { PublicRoute, ServiceName } from "@pitchey/contracts/routes";
import type { Arm, CanarySetting } from "@pitchey/data";
import type { Authenticated } from "./authenticate";
import type { Env } from "./env";

export const BINDING_OF: Record<ServiceName, "AUTH" | "PITCH" | "INVESTOR" | "HEALTH"> = {
  auth: "AUTH",
  pitch: "PITCH",
  investor: "INVESTOR",
  health: "HEALTH",
};

/** Where a request goes: the service, the arm chosen for this caller, and that arm's binding. */
export interface Target {
  service: ServiceName;
  arm: Arm;
  binding: Fetcher;
  /** The service's canary setting when it has a canary arm (its epoch names the figures). */
  setting: CanarySetting | null;
  /** Keeps one caller on one arm and one Workers version. */
  cohort: string;
}

/** The gateway's request context: the shared one, plus what the stages find out in turn. */
export interface Gw extends RequestContext<Env> {
  /** The client address the platform gave (packages/http client-address.ts). */
  address: string;
  route: PublicRoute | null;
  auth: Authenticated | null;
  target: Target | null;
  /** Answered from the gateway's response cache (response-cache.ts): the arm did no work. */
  cacheHit?: boolean;
}
