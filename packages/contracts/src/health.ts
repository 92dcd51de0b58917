// Health: the RPC self-check every service exposes and the public /api/health document.
import * as z from "zod";
import type { CallTrace } from "./call";

export const DepStatus = z.enum(["ok", "down", "disabled"]);
export const Dependency = z.object({ status: DepStatus, latencyMs: z.number().nullable(), error: z.string().optional() });
export type Dependency = z.infer<typeof Dependency>;

/** What `health()` over RPC returns from each service. */
export const SelfCheck = z.object({
  service: z.string(),
  version: z.string(),
  status: z.enum(["ok", "degraded", "down"]),
  latencyMs: z.number(),
  dependencies: z.object({ database: Dependency, redis: Dependency }),
});
export type SelfCheck = z.infer<typeof SelfCheck>;

export const ServiceHealth = z.object({
  status: z.enum(["ok", "degraded", "down"]),
  latencyMs: z.number().nullable(),
  version: z.string().nullable(),
  arm: z.string().optional(),
  error: z.string().optional(),
});

export const Liveness = z.object({ status: z.literal("ok") });

/** The RPC method every service exposes to the health service. */
export interface HealthRpc {
  health(trace?: CallTrace): Promise<SelfCheck>;
}
