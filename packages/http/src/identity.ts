// The identity the gateway forwards to services, signed with an internal HMAC secret.
// A service trusts a user only through this header; a request that did not pass the gateway
// (or that a client dressed up) carries no valid signature and is treated as anonymous.
import type { Identity } from "@pitchey/contracts";
import { LOG_ENTRY_ID } from "@pitchey/contracts/constants";
import { base64urlToBytes, base64urlToText, bytesToBase64url, textToBase64url } from "./encoding";

export const IDENTITY_HEADER = "x-pitchey-identity";
/** How long a signed identity stays valid: one request's worth, plus clock skew. */
const MAX_AGE_S = 60;

const enc = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();
function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    keys.set(secret, key);
  }
  return key;
}

/** What the gateway vouches for: the signed-in user (or none), the client's address, and the
 *  invalidation-log entry of the user's latest write, if recent (read-your-writes on any isolate). */
export interface Caller {
  user: Identity | null;
  client: string;
  lastWrite?: string | null;
}

/** `v1.<payload>.<mac>`; the MAC covers the payload, which names the request id, so it cannot move to another request. */
export async function signCaller(caller: Caller, requestId: string, secret: string, now = Date.now()): Promise<string> {
  const payload = textToBase64url(JSON.stringify({ u: caller.user, c: caller.client, w: caller.lastWrite ?? null, rid: requestId, iat: Math.floor(now / 1000) }));
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), enc.encode(`v1.${payload}`)));
  return `v1.${payload}.${bytesToBase64url(mac)}`;
}

/** The verified caller, or null when the header is absent, forged, stale or for another request. */
export async function verifyCaller(header: string | null, requestId: string, secret: string | undefined, now = Date.now()): Promise<Caller | null> {
  if (!header || !secret) return null;
  const parts = header.split(".");
  if (parts.length !== 3 || parts[0] !== "v1") return null;
  let ok = false;
  try {
    ok = await crypto.subtle.verify("HMAC", await hmacKey(secret), base64urlToBytes(parts[2]!), enc.encode(`v1.${parts[1]}`));
  } catch {
    return null;
  }
  if (!ok) return null;
  let claims: unknown;
  try {
    claims = JSON.parse(base64urlToText(parts[1]!));
  } catch {
    return null;
  }
  const c = claims as { u?: unknown; c?: unknown; w?: unknown; rid?: unknown; iat?: unknown };
  if (c.rid !== requestId || typeof c.iat !== "number" || Math.abs(now / 1000 - c.iat) > MAX_AGE_S) return null;
  if (typeof c.c !== "string") return null;
  const lastWrite = typeof c.w === "string" && LOG_ENTRY_ID.test(c.w) ? c.w : null;
  if (c.u === null) return { user: null, client: c.c, lastWrite: null };
  const user = identityOf(c.u);
  return user ? { user, client: c.c, lastWrite } : null;
}

const ROLES: ReadonlySet<string> = new Set(["creator", "investor", "production"]);

/** The signed user, checked field by field (the MAC proved who wrote it; this proves its shape). */
function identityOf(u: unknown): Identity | null {
  if (!u || typeof u !== "object") return null;
  const { sub, role, sid } = u as Record<string, unknown>;
  return typeof sub === "string" && typeof role === "string" && ROLES.has(role) && typeof sid === "string" ? { sub, role: role as Identity["role"], sid } : null;
}
