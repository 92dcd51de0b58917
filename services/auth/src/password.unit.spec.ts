import { describe, expect, it } from "vitest";
import { DUMMY_HASH, PBKDF2_ITERATIONS, constantTimeEqual, hashPassword, needsRehash, parseHash, verifyPassword } from "./password";

describe("password hashing", () => {
  it("stores algorithm, iterations, a 16-byte salt and a 32-byte hash", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(stored).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    const p = parseHash(stored)!;
    expect(p.iterations).toBe(PBKDF2_ITERATIONS);
    expect(p.salt).toHaveLength(16);
    expect(p.hash).toHaveLength(32);
  });

  it("salts every hash: the same password twice gives two hashes, both verify", async () => {
    const [a, b] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(a).not.toBe(b);
    expect(await verifyPassword("same password", a)).toBe(true);
    expect(await verifyPassword("same password", b)).toBe(true);
  });

  it("rejects a wrong password, a near miss and an empty one", async () => {
    const stored = await hashPassword("Demo123!pitchey");
    for (const p of ["demo123!pitchey", "Demo123!pitchey ", "Demo123!pitche", ""]) expect(await verifyPassword(p, stored), p).toBe(false);
  });

  it("handles non-ASCII passwords", async () => {
    const stored = await hashPassword("pässwörd-日本語-🎬");
    expect(await verifyPassword("pässwörd-日本語-🎬", stored)).toBe(true);
    expect(await verifyPassword("passwörd-日本語-🎬", stored)).toBe(false);
  });

  it("matches the published PBKDF2-HMAC-SHA256 vector (P=passwordPASSWORDpassword, S=saltSALT…salt, c=4096, dkLen=32)", async () => {
    // 348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1
    const stored = "pbkdf2-sha256$4096$c2FsdFNBTFRzYWx0U0FMVHNhbHRTQUxUc2FsdFNBTFRzYWx0$NIyJ28vTKy8y2BS4EW6EzysXNH68GAAYHE4qH7jdU+E=";
    expect(await verifyPassword("passwordPASSWORDpassword", stored)).toBe(true);
    expect(await verifyPassword("passwordPASSWORDpassworD", stored)).toBe(false);
  });

  it("never matches the dummy hash used for unknown emails", async () => {
    expect(parseHash(DUMMY_HASH)?.iterations).toBe(PBKDF2_ITERATIONS);
    for (const p of ["", "Demo123!pitchey", "password"]) expect(await verifyPassword(p, DUMMY_HASH)).toBe(false);
  });

  it("treats unreadable stored values as no match, never as an error", async () => {
    for (const bad of [
      "",
      "plain",
      "bcrypt$10$abc$def",
      "pbkdf2-sha256$0$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==",
      "pbkdf2-sha256$1000000$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==",
      "pbkdf2-sha256$100000$!!!$???",
    ]) {
      expect(parseHash(bad), bad).toBeNull();
      expect(await verifyPassword("x", bad)).toBe(false);
    }
  });

  it("asks for a rehash when the parameters are weaker than today's", async () => {
    const weak = await hashPassword("upgrade me please", 1_000);
    expect(weak.startsWith("pbkdf2-sha256$1000$")).toBe(true);
    expect(await verifyPassword("upgrade me please", weak)).toBe(true);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(await hashPassword("upgrade me please"))).toBe(false);
    expect(needsRehash("unknown-format")).toBe(true);
    await expect(hashPassword("x", 100_001)).rejects.toThrow(RangeError);
  });

  it("compares bytes without an early exit", () => {
    const a = new Uint8Array([1, 2, 3, 4]);
    expect(constantTimeEqual(a, new Uint8Array([1, 2, 3, 4]))).toBe(true);
    expect(constantTimeEqual(a, new Uint8Array([1, 2, 3, 5]))).toBe(false);
    expect(constantTimeEqual(a, new Uint8Array([0, 2, 3, 4]))).toBe(false);
    expect(constantTimeEqual(a, new Uint8Array([1, 2, 3]))).toBe(false);
  });
});
