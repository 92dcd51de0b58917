// Publishing a revoked session to the gateway: one Redis key per session, read by the gateway on every
// authenticated request (services/gateway/src/revocation.ts). Postgres (auth.sessions.revoked_at) stays
// the source of truth and is what the gateway asks, over RPC, when Redis cannot answer.
import { REVOKED_KEY_TTL_SECONDS, revokedSessionKey } from "@pitchey/contracts";
import { redis } from "@pitchey/data";
import type { RequestContext } from "@pitchey/http";
import type { Env } from "./auth.context";

const RETRY_AFTER_MS = 1_000;

/**
 * Sets `auth:revoked:<sid>` for as long as any access token of the session can live. Without Redis
 * there is nothing to publish (the gateway then asks this service). If Redis fails the write, it is
 * tried once more after the response; see migrations/README.md for what that window means.
 */
export async function publishRevocation(rc: RequestContext<Env>, sid: string, reason: string): Promise<void> {
  const r = redis(rc.env);
  if (!r) return;
  const write = () => r.set(revokedSessionKey(sid), reason, { ex: REVOKED_KEY_TTL_SECONDS });
  try {
    await write();
  } catch (err) {
    rc.log.error("revocation not published to Redis; retrying after the response", { err, sid });
    rc.defer(new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS)).then(write));
  }
}
