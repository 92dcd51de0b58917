// The identity the gateway forwards to services, signed with an internal HMAC secret.
// A service trusts a user only through this header; a request that did not pass the gateway
// (or that a client dressed up) carries no valid signature and is treated as anonymous.
import type { Identity } from "@pitchey/contracts";
import { LOG_ENTRY_ID } from "@pitchey/contracts/constants";
import { base64urlToBytes, base64urlToText, bytesToBase64url, textToBase64url } from "./encoding";

export const IDENTITY_HEADER = "x-pitchey-identity";
/** How long a signed identity is accepted: an anonymous header is reused for up to 30 s of that, so
 *  gateway and service clocks may differ by up to 30 s for it (60 s for a signed-in caller's). */
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

/** An anonymous caller's header is signed once per client and isolate for this long, then reused. */
const ANON_REUSE_S = 30;
/** Bound on the isolate's memory of anonymous headers (signed here, verified there). */
const ANON_ENTRIES = 4096;

interface Remembered {
  header: string;
  secret: string;
  caller: Caller;
  /** Seconds since the epoch when the header was signed (its iat). */
  iat: number;
}
/** Gateway side: client address → the header last signed for it. Service side: header → caller. */
const signedAnon = new Map<string, Remembered>();
const verifiedAnon = new Map<string, Remembered>();

function remember(map: Map<string, Remembered>, key: string, entry: Remembered): void {
  map.delete(key); // re-set: it moves to the end, so the busiest clients stay
  if (map.size >= ANON_ENTRIES) map.delete(map.keys().next().value!); // the oldest first
  map.set(key, entry);
}

/** `v1.<payload>.<mac>`. A signed-in caller's payload names the request id, so the header cannot move
 *  to another request. An anonymous caller's carries no request id: it vouches only for the client's
 *  address, so the gateway signs it once per client for ANON_REUSE_S and a service verifies it once per
 *  isolate (docs/architecture.md#identity) — no HMAC on the hot path of public reads. */
export async function signCaller(caller: Caller, requestId: string, secret: string, now = Date.now()): Promise<string> {
  const iat = Math.floor(now / 1000);
  if (!caller.user) {
    const known = signedAnon.get(caller.client);
    if (known && known.secret === secret && iat - known.iat < ANON_REUSE_S && iat >= known.iat) return known.header;
    const header = await sign({ u: null, c: caller.client, w: null, iat }, secret);
    remember(signedAnon, caller.client, { header, secret, caller: { user: null, client: caller.client, lastWrite: null }, iat });
    return header;
  }
  return sign({ u: caller.user, c: caller.client, w: caller.lastWrite ?? null, rid: requestId, iat }, secret);
}

async function sign(claims: Record<string, unknown>, secret: string): Promise<string> {
  const payload = textToBase64url(JSON.stringify(claims));
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), enc.encode(`v1.${payload}`)));
  return `v1.${payload}.${bytesToBase64url(mac)}`;
}

const fresh = (iat: number, now: number) => Math.abs(now / 1000 - iat) <= MAX_AGE_S;

/** The verified caller, or null when the header is absent, forged, stale or (a signed-in caller's) for another request. */
export async function verifyCaller(header: string | null, requestId: string, secret: string | undefined, now = Date.now()): Promise<Caller | null> {
  if (!header || !secret) return null;
  const known = verifiedAnon.get(header);
  if (known && known.secret === secret) return fresh(known.iat, now) ? { ...known.caller } : null;
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
  if (typeof c.iat !== "number" || !fresh(c.iat, now) || typeof c.c !== "string") return null;
  if (c.u === null && c.rid === undefined) {
    const caller: Caller = { user: null, client: c.c, lastWrite: null };
    remember(verifiedAnon, header, { header, secret, caller, iat: c.iat });
    return { ...caller };
  }
  if (c.rid !== requestId) return null;
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
  return typeof sub === "string" && typeof role === "string" && ROLES.has(role) && typeof sid === "string"
    ? { sub, role: role as Identity["role"], sid }
    : null;
}
