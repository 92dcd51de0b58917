// Refresh tokens and session ids: random values and their stored hash, no key or binding needed
// (the access tokens, signed with the configured key, are tested in workerd: tokens.spec.ts).
import { describe, expect, it } from "vitest";
import { hashRefreshToken, newRefreshToken, newSessionId } from "./tokens";

describe("refresh tokens", () => {
  it("are 32 random bytes in base64url, never repeated", () => {
    const tokens = new Set(Array.from({ length: 200 }, newRefreshToken));
    expect(tokens.size).toBe(200);
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("are stored as their SHA-256, which is deterministic and reveals nothing of the token", async () => {
    const t = newRefreshToken();
    const h = await hashRefreshToken(t);
    expect(h).toBe(await hashRefreshToken(t));
    expect(h).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(h).not.toBe(t);
    // sha256("abc"), base64url
    expect(await hashRefreshToken("abc")).toBe("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
  });

  it("session ids are random UUIDs", () => {
    expect(newSessionId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newSessionId()).not.toBe(newSessionId());
  });
});
