// Who is calling: the identity of a verified, unrevoked bearer token, or null for an anonymous request.
// A token that is presented must be valid: a bad one is a 401, never a silent downgrade to anonymous.
import type { Identity } from "@pitchey/contracts";
import type { Stage } from "@pitchey/http";
import type { Gw } from "./gateway.context";
import { checkRevocation } from "./revocation";
import { invalidToken, keyRing, verifyAccessToken } from "./tokens";

const BEARER = /^Bearer +([^\s]+) *$/i;

export interface Authenticated {
  user: Identity;
  /** The user's latest write, if recent and Redis answered (read-your-writes; see revocation.ts). */
  lastWrite: string | null;
  /** Staff flags of the account ("tester", "operator"): who may force a canary arm. */
  flags: readonly string[];
}

/**
 * A route that takes credentials in the body (register, the logins, refresh; its declaration says
 * `credentials`) never uses a bearer identity, so a stale Authorization header a client still sends
 * there is ignored rather than turning a refresh into a 401.
 */
export async function authenticate(rc: Gw): Promise<Authenticated | null> {
  const { request, env, timing } = rc;
  const header = request.headers.get("authorization");
  if (header === null || rc.route?.credentials === true) return null;
  const token = BEARER.exec(header)?.[1];
  if (!token) throw invalidToken("Send the access token as `Authorization: Bearer <token>`.");

  const t0 = performance.now();
  const claims = await verifyAccessToken(token, await keyRing(env.JWT_PUBLIC_JWKS));
  const t1 = performance.now();
  const check = await checkRevocation(rc, claims.sid, Date.now(), claims.sub);
  timing.add("jwt", t1 - t0);
  timing.add("revocation", performance.now() - t1, check.via);
  if (check.revoked) throw invalidToken("The session has ended; sign in again.");
  return { user: { sub: claims.sub, role: claims.role, sid: claims.sid }, lastWrite: check.lastWrite ?? null, flags: claims.flags ?? [] };
}

/** The pipeline stage: the caller's identity, or null; a bad token ends the request with 401. */
export const authenticateStage: Stage<Gw> = async (rc, next) => {
  rc.auth = await rc.timing.time("auth", () => authenticate(rc));
  if (rc.auth) rc.logFields.user = rc.auth.user.sub;
  return next();
};
