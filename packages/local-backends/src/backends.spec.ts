// Back-end selection's last resorts, reached with PITCHEY_BACKENDS=embedded (a machine with nothing
// installed reaches them by finding nothing; docs/local-development.md shows that run).
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { resolveBackends } from "./backends";
import { flushRedis, redisEngine } from "./redis-engine";

const saved = { CI: process.env.CI, PITCHEY_BACKENDS: process.env.PITCHEY_BACKENDS };
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe("the embedded pair", () => {
  it("is what PITCHEY_BACKENDS=embedded picks: a PGlite database per name over TCP, and the in-process Redis", async () => {
    delete process.env.CI;
    process.env.PITCHEY_BACKENDS = "embedded";
    const lines: string[] = [];
    const b = await resolveBackends((l) => lines.push(l));
    try {
      expect(b.kinds).toEqual({ postgres: "embedded", redis: "embedded" });
      expect(lines.join("\n")).toMatch(/postgres: embedded PGlite \(in memory\); redis: embedded in-process store/);
      const url = await b.database("pitchey_test_selection");
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      expect((await c.query("select 40 + 2 as answer")).rows).toEqual([{ answer: 42 }]);
      await c.end();
      const redis = redisEngine(b.redisUrl);
      expect(await redis.command(["SET", "k", "v"])).toBe("OK");
      await flushRedis(b.redisUrl);
      expect(await redis.command(["GET", "k"])).toBeNull();
    } finally {
      await b.stop();
    }
  });

  it("is refused in CI, where real servers are required", async () => {
    process.env.CI = "true";
    process.env.PITCHEY_BACKENDS = "embedded";
    await expect(resolveBackends()).rejects.toThrow(/CI: PITCHEY_BACKENDS=embedded is refused/);
  });
});
