import { describe, expect, it } from "vitest";
import { openGrant, sealGrant, type Grant } from "./refresh-grace";
import { newRefreshToken } from "./tokens";

const grant = (): Grant => ({ token: newRefreshToken(), iat: 1_796_000_000, jti: crypto.randomUUID() });

describe("refresh grace: the sealed grant", () => {
  it("opens with the token it was sealed under, and holds no plaintext of the successor", async () => {
    const presented = newRefreshToken();
    const g = grant();
    const sealed = await sealGrant(presented, g);
    expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(g.token);
    expect(sealed).not.toContain(g.jti);
    expect(await openGrant(presented, sealed)).toEqual(g);
  });

  it("opens with nothing else: another token, an altered or a truncated seal give null", async () => {
    const presented = newRefreshToken();
    const sealed = await sealGrant(presented, grant());
    expect(await openGrant(newRefreshToken(), sealed)).toBeNull();
    const flipped = sealed.slice(0, 20) + (sealed[20] === "A" ? "B" : "A") + sealed.slice(21);
    expect(await openGrant(presented, flipped)).toBeNull();
    expect(await openGrant(presented, sealed.slice(0, 10))).toBeNull();
    expect(await openGrant(presented, "")).toBeNull();
  });

  it("seals the same grant differently each time (a fresh IV)", async () => {
    const presented = newRefreshToken();
    const g = grant();
    expect(await sealGrant(presented, g)).not.toBe(await sealGrant(presented, g));
  });
});
