// pitchey-auth: wiring only. HTTP through the gateway's binding.fetch; RPC methods for other services.
import { WorkerEntrypoint } from "cloudflare:workers";
import { Id, type AuthRpc, type SelfCheck, type UserSummary } from "@pitchey/contracts";
import { db, selfCheck } from "@pitchey/data";
import { createContext } from "@pitchey/http";
import type { Env } from "./auth.context";
import { app } from "./auth.routes";
import { isSessionActive, userSummaries } from "./auth.repo";

const MAX_IDS = 1_000;
const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default class AuthService extends WorkerEntrypoint<Env> implements AuthRpc {
  override fetch(request: Request): Promise<Response> {
    return app.fetch(request, this.env, this.ctx);
  }

  /** A request context for an RPC call (logging, db timing); no caller identity. */
  private rpc(method: string) {
    return createContext("auth", new Request(`https://pitchey-auth.internal/rpc/${method}`), this.env, this.ctx);
  }

  /** Public display data ({id, name}) of users, batched in one query; unknown or malformed ids are left out. */
  async getUsers(ids: string[]): Promise<UserSummary[]> {
    if (!Array.isArray(ids)) throw new TypeError("getUsers: ids must be an array of user ids");
    if (ids.length > MAX_IDS) throw new RangeError(`getUsers: at most ${MAX_IDS} ids per call`);
    const wanted = [...new Set(ids.filter((id) => Id.safeParse(id).success))];
    if (!wanted.length) return [];
    return userSummaries(db(await this.rpc("getUsers")), wanted);
  }

  /** The gateway's fallback revocation check when Redis cannot answer: one indexed Postgres read.
   *  null = the database cannot be reached (a value, not a throw: errors lose their shape over RPC). */
  async isSessionActive(sid: string): Promise<boolean | null> {
    if (typeof sid !== "string" || !SESSION_ID.test(sid)) return false;
    const rc = await this.rpc("isSessionActive");
    try {
      return await isSessionActive(db(rc), sid);
    } catch (err) {
      rc.log.error("isSessionActive: database unavailable", { err });
      return null;
    }
  }

  /** Readiness: a real round trip to Postgres and Redis. */
  health(): Promise<SelfCheck> {
    return selfCheck("auth", this.env.SERVICE_VERSION ?? "dev", this.env);
  }
}
