// RPC methods for other services: user display data (pitch, investor) and the gateway's fallback
// revocation check. Input arrives unvalidated over RPC, so it is checked here as HTTP input would be.
import { Id, type UserSummary } from "@pitchey/contracts";
import { db } from "@pitchey/data";
import type { RequestContext } from "@pitchey/http";
import type { Env } from "./env";
import * as repo from "./auth.repo";
import { republish } from "./session-state";

export const MAX_IDS = 1_000;
const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Public display data ({id, name}) of users, batched in one query; unknown or malformed ids are left out. */
export async function getUsers(rc: RequestContext<Env>, ids: unknown): Promise<UserSummary[]> {
  if (!Array.isArray(ids)) throw new TypeError("getUsers: ids must be an array of user ids");
  if (ids.length > MAX_IDS) throw new RangeError(`getUsers: at most ${MAX_IDS} ids per call`);
  const wanted = [...new Set(ids.filter((id): id is string => Id.safeParse(id).success))];
  if (!wanted.length) return [];
  return repo.userSummaries(db(rc), wanted);
}

/** Whether a session is live: one indexed Postgres read, whose answer is written back to Redis for the
 *  gateway's next check (session-state.ts). A malformed or unknown id is no session (false); null =
 *  the database cannot be reached (a value, not a throw: errors lose their shape over RPC). */
export async function isSessionActive(rc: RequestContext<Env>, sid: unknown): Promise<boolean | null> {
  if (typeof sid !== "string" || !SESSION_ID.test(sid)) return false;
  let state: Awaited<ReturnType<typeof repo.sessionState>>;
  try {
    state = await repo.sessionState(db(rc), sid);
  } catch (err) {
    rc.log.error("isSessionActive: database unavailable", { err });
    return null;
  }
  if (!state) return false;
  republish(rc, sid, state);
  return state.active;
}
