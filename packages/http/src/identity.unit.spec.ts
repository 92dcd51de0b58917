import { describe, expect, it } from "vitest";
import { base64urlToText, bytesToBase64url, textToBase64url } from "./encoding";
import { signCaller, verifyCaller, type Caller } from "./identity";

const SECRET = "test-identity-secret";
const RID = "req-0123456789";
const NOW = Date.UTC(2026, 3, 1, 12, 0, 0);
const alice: Caller = { user: { sub: "42", role: "investor", sid: "6f1c2a4e-9b7d-4c3e-8a1f-0123456789ab" }, client: "203.0.113.7", lastWrite: null };

/** Re-encodes the payload of a signed header after `edit`, keeping the original MAC. */
function tamper(header: string, edit: (claims: Record<string, unknown>) => void): string {
  const [v, payload, mac] = header.split(".");
  const claims = JSON.parse(base64urlToText(payload!)) as Record<string, unknown>;
  edit(claims);
  return `${v}.${textToBase64url(JSON.stringify(claims))}.${mac}`;
}

describe("signCaller / verifyCaller", () => {
  it("round-trips a signed-in user and an anonymous client", async () => {
    expect(await verifyCaller(await signCaller(alice, RID, SECRET, NOW), RID, SECRET, NOW)).toEqual(alice);
    const anon: Caller = { user: null, client: "198.51.100.1", lastWrite: null };
    expect(await verifyCaller(await signCaller(anon, RID, SECRET, NOW), RID, SECRET, NOW)).toEqual(anon);
  });

  it("carries the user's latest write (an invalidation-log entry), and drops one that is not an entry id", async () => {
    const wrote = { ...alice, lastWrite: "1795000000000-3" };
    expect(await verifyCaller(await signCaller(wrote, RID, SECRET, NOW), RID, SECRET, NOW)).toEqual(wrote);
    const odd = { ...alice, lastWrite: "soon" };
    expect((await verifyCaller(await signCaller(odd, RID, SECRET, NOW), RID, SECRET, NOW))?.lastWrite).toBeNull();
  });

  it("refuses a payload changed after signing (role, client, user)", async () => {
    const header = await signCaller(alice, RID, SECRET, NOW);
    for (const edit of [
      (c: Record<string, unknown>) => ((c.u as Record<string, unknown>).role = "production"),
      (c: Record<string, unknown>) => (c.c = "10.0.0.1"),
      (c: Record<string, unknown>) => (c.u = null),
    ]) {
      expect(await verifyCaller(tamper(header, edit), RID, SECRET, NOW)).toBeNull();
    }
    const [v, payload, mac] = header.split(".");
    const flipped = mac!.slice(0, -2) + (mac!.at(-2) === "A" ? "B" : "A") + mac!.at(-1);
    expect(await verifyCaller(`${v}.${payload}.${flipped}`, RID, SECRET, NOW)).toBeNull();
  });

  it("refuses a header signed with another secret, or when this service has none", async () => {
    const header = await signCaller(alice, RID, "another secret", NOW);
    expect(await verifyCaller(header, RID, SECRET, NOW)).toBeNull();
    expect(await verifyCaller(await signCaller(alice, RID, SECRET, NOW), RID, undefined, NOW)).toBeNull();
  });

  it("refuses a signed-in caller's header made for another request id", async () => {
    expect(await verifyCaller(await signCaller(alice, RID, SECRET, NOW), "req-other-request", SECRET, NOW)).toBeNull();
  });

  it("signs an anonymous client's header once per 30 s and accepts it on any request of that window", async () => {
    const anon: Caller = { user: null, client: "198.51.100.77", lastWrite: null };
    const first = await signCaller(anon, RID, SECRET, NOW);
    expect(await signCaller(anon, "req-another-one", SECRET, NOW + 29_000)).toBe(first);
    expect(await signCaller({ ...anon, client: "198.51.100.78" }, RID, SECRET, NOW)).not.toBe(first);
    expect(await signCaller(anon, RID, "rotated secret", NOW)).not.toBe(first);
    const next = await signCaller(anon, RID, SECRET, NOW + 30_000);
    expect(next).not.toBe(first);
    // It vouches for the client only, on whatever request carries it, within its age.
    expect(await verifyCaller(first, "req-something-else", SECRET, NOW + 10_000)).toEqual(anon);
    expect(await verifyCaller(first, "req-something-else", SECRET, NOW + 10_000)).toEqual(anon); // remembered
    expect(await verifyCaller(first, RID, "rotated secret", NOW)).toBeNull();
    expect(await verifyCaller(first, RID, SECRET, NOW + 62_000)).toBeNull(); // remembered, but too old now
    expect(await verifyCaller(next, RID, SECRET, NOW + 31_000)).toEqual(anon);
  });

  it("refuses a header without a request id that claims a user", async () => {
    const anon = await signCaller({ user: null, client: "198.51.100.9", lastWrite: null }, RID, SECRET, NOW);
    // The MAC no longer matches once the user is added; and a correctly signed one is refused too.
    expect(
      await verifyCaller(
        tamper(anon, (c) => (c.u = alice.user)),
        RID,
        SECRET,
        NOW,
      ),
    ).toBeNull();
    const [, payload] = (await signCaller(alice, RID, SECRET, NOW)).split(".");
    const claims = JSON.parse(base64urlToText(payload!)) as Record<string, unknown>;
    delete claims.rid;
    const body = textToBase64url(JSON.stringify(claims));
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const mac = bytesToBase64url(new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`v1.${body}`))));
    expect(await verifyCaller(`v1.${body}.${mac}`, RID, SECRET, NOW)).toBeNull();
  });

  it("accepts up to 60 s of age or clock skew and refuses beyond", async () => {
    const header = await signCaller(alice, RID, SECRET, NOW);
    expect(await verifyCaller(header, RID, SECRET, NOW + 60_000)).toEqual(alice);
    expect(await verifyCaller(header, RID, SECRET, NOW - 60_000)).toEqual(alice);
    expect(await verifyCaller(header, RID, SECRET, NOW + 62_000)).toBeNull();
    expect(await verifyCaller(header, RID, SECRET, NOW - 62_000)).toBeNull();
  });

  it("returns null for malformed headers, never throws", async () => {
    const good = await signCaller(alice, RID, SECRET, NOW);
    const [, payload, mac] = good.split(".");
    for (const bad of [
      null,
      "",
      "v1",
      "v1.abc",
      `v2.${payload}.${mac}`,
      `v1.${payload}.${mac}.extra`,
      `v1.${payload}.***`,
      `v1.${payload}.`,
      "v1.%%%.%%%",
      `v1.${payload}.${mac}=`,
    ]) {
      expect(await verifyCaller(bad, RID, SECRET, NOW), String(bad)).toBeNull();
    }
  });

  it("refuses a correctly signed payload whose identity is not valid", async () => {
    const admin = { user: { sub: "1", role: "admin", sid: "s" }, client: "c" } as unknown as Caller;
    expect(await verifyCaller(await signCaller(admin, RID, SECRET, NOW), RID, SECRET, NOW)).toBeNull();
    const noClient = { user: null, client: 7 } as unknown as Caller;
    expect(await verifyCaller(await signCaller(noClient, RID, SECRET, NOW), RID, SECRET, NOW)).toBeNull();
  });
});
