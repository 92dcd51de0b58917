// The unit tier refuses the network: this file imports only the message, so it passes only when
// vitest.unit.config.ts has installed the guard (unit-setup.ts) — a Postgres or Redis connect, a
// fetch or a back-end's address in the environment would fail it.
import net from "node:net";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { NETWORK_REFUSED } from "./unit-guard";

describe("the unit tier's network guard", () => {
  it("refuses a socket to Postgres or Redis at once", () => {
    expect(() => net.connect(5432, "127.0.0.1")).toThrow(NETWORK_REFUSED);
    expect(() => new net.Socket().connect({ port: 6379, host: "127.0.0.1" })).toThrow(NETWORK_REFUSED);
  });

  it("fails a Postgres client's connect with the guard's message", async () => {
    const client = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
    await expect(client.connect()).rejects.toThrow(NETWORK_REFUSED);
  });

  it("refuses fetch, and leaves no back-end address in the environment", async () => {
    await expect(fetch("http://127.0.0.1:6379/")).rejects.toThrow(NETWORK_REFUSED);
    expect(process.env.DATABASE_URL).toBeUndefined();
    expect(process.env.REDIS_URL).toBeUndefined();
  });
});
