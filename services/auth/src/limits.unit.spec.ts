import { describe, expect, it } from "vitest";
import { LOGIN_PER_ACCOUNT, LOGIN_PER_CLIENT, accountKey, loginLimits, registerPerClient } from "./limits";

describe("login limits", () => {
  it("key an account by the first 16 bytes of its email's SHA-256, in hex (counters already in Redis keep working)", async () => {
    expect(await accountKey("abc")).toBe("ba7816bf8f01cfea414140de5dae2223");
  });

  it("are 10 per account and 100 per client address per 15 minutes, failing open", async () => {
    expect(await loginLimits("abc", "203.0.113.9")).toEqual([
      { policy: LOGIN_PER_ACCOUNT, id: "ba7816bf8f01cfea414140de5dae2223" },
      { policy: LOGIN_PER_CLIENT, id: "203.0.113.9" },
    ]);
    expect([LOGIN_PER_ACCOUNT, LOGIN_PER_CLIENT].map((p) => [p.limit, p.windowSeconds, p.whenUnavailable])).toEqual([
      [10, 900, "allow"],
      [100, 900, "allow"],
    ]);
  });
});

describe("registration limit", () => {
  it("is 10 per client address per hour, failing open", () => {
    expect(registerPerClient({})).toEqual({ name: "auth-register-client", limit: 10, windowSeconds: 3600, whenUnavailable: "allow" });
  });

  it("takes REGISTER_LIMIT_PER_HOUR when it is a positive integer, else keeps 10", () => {
    expect(registerPerClient({ REGISTER_LIMIT_PER_HOUR: "250" }).limit).toBe(250);
    for (const bad of ["0", "-5", "1.5", "ten", "", "1e400"]) expect(registerPerClient({ REGISTER_LIMIT_PER_HOUR: bad }).limit, bad).toBe(10);
  });
});
