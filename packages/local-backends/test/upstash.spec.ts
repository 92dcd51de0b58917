// Upstash's REST API, driven by the real @upstash/redis client (base64 and plain encodings) and by
// raw fetch where the wire shape itself is the point.
import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { StandIns } from "../src/server";
import { control, standIns, TOKEN } from "./stand-ins";

let s: StandIns;
let redis: Redis;
let plain: Redis;

// No retries: an error must surface at once, not after the client's default back-off.
const client = (opts: { token?: string; responseEncoding?: false } = {}) =>
  new Redis({
    url: s.upstashUrl!,
    token: opts.token ?? TOKEN,
    retry: { retries: 0 },
    enableAutoPipelining: false,
    enableTelemetry: false,
    ...(opts.responseEncoding === false ? { responseEncoding: false } : {}),
  });

async function raw(path: string, body: unknown, headers: Record<string, string> = {}) {
  const r = await fetch(`${s.upstashUrl}${path}`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}`, ...headers }, body: JSON.stringify(body) });
  return { status: r.status, json: (await r.json()) as unknown };
}

async function failure(p: Promise<unknown>): Promise<Error> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  return err as Error;
}

// Outside CI a machine without Redis runs the rest; in CI global-setup has already failed the run.
describe.skipIf(!inject("redisUrl"))("Upstash REST over the stand-in", () => {
  beforeAll(async () => {
    s = await standIns({ control: true });
    redis = client();
    plain = client({ responseEncoding: false });
  });
  afterAll(async () => {
    await s?.close();
  });

  it("GET and SET with EX and NX", async () => {
    expect(await redis.set("u:a", "first", { ex: 60 })).toBe("OK");
    const ttl = await redis.ttl("u:a");
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
    expect(await redis.set("u:a", "second", { nx: true })).toBeNull();
    expect(await redis.get("u:a")).toBe("first");
    expect(await redis.set("u:fresh", "yes", { nx: true, ex: 5 })).toBe("OK");
    expect(await redis.get("u:missing")).toBeNull();
  });

  it("INCR, INCRBY and MGET with a missing key", async () => {
    expect(await redis.incr("u:n")).toBe(1);
    expect(await redis.incr("u:n")).toBe(2);
    expect(await redis.incrby("u:n", 40)).toBe(42);
    expect(await redis.mget("u:a", "u:missing", "u:n")).toEqual(["first", null, 42]);
  });

  it("objects round-trip as JSON, as the client serialises them", async () => {
    await redis.set("u:obj", { title: "Night Shift", tags: ["noir"], budget: 1200000 });
    expect(await redis.get("u:obj")).toEqual({ title: "Night Shift", tags: ["noir"], budget: 1200000 });
  });

  it("HSET/HGETALL: Redis's flat array on the wire, an object in the client", async () => {
    expect(await redis.hset("u:h", { a: 1, b: "x" })).toBe(2);
    expect(await redis.hgetall("u:h")).toEqual({ a: 1, b: "x" });
    expect(await raw("", ["HGETALL", "u:h"])).toEqual({ status: 200, json: { result: ["a", "1", "b", "x"] } });
    expect(await redis.hgetall("u:no-hash")).toBeNull();
  });

  it("counts commands as Upstash bills them (each of a pipeline or transaction) and the bytes both ways", async () => {
    const before = { ...s.counts };
    await raw("", ["SET", "u:count", "12345"]);
    expect(s.counts.redisCommands - before.redisCommands).toBe(1);
    await raw("/pipeline", [
      ["GET", "u:count"],
      ["GET", "u:count"],
      ["INCR", "u:count"],
    ]);
    await raw("/multi-exec", [
      ["GET", "u:count"],
      ["DEL", "u:count"],
    ]);
    expect(s.counts.redisCommands - before.redisCommands).toBe(6);
    expect(s.counts.redisByKind.get("GET u:count")).toBeGreaterThanOrEqual(3);
    expect(s.counts.redisByKind.get("INCR u:count")).toBeGreaterThanOrEqual(1);
    // Request bodies and answers, each at least the JSON of its commands.
    expect(s.counts.redisBytes - before.redisBytes).toBeGreaterThan(JSON.stringify(["SET", "u:count", "12345"]).length * 3);
    const refused = await fetch(s.upstashUrl!, { method: "POST", headers: { authorization: "Bearer wrong" }, body: JSON.stringify(["GET", "x"]) });
    await refused.arrayBuffer();
    expect(s.counts.redisCommands - before.redisCommands).toBe(6);
  });

  it("pipeline: one request, one reply per command", async () => {
    const p = redis.pipeline();
    p.set("u:p1", "one");
    p.incr("u:p2");
    p.get("u:p1");
    p.del("u:p1", "u:p2");
    expect(await p.exec()).toEqual(["OK", 1, "one", 2]);
    const wire = await raw("/pipeline", [
      ["SET", "u:p3", "v"],
      ["HGET", "u:p3", "f"],
      ["GET", "u:p3"],
    ]);
    expect(wire.status).toBe(200);
    expect(wire.json).toEqual([{ result: "OK" }, { error: expect.stringMatching(/^WRONGTYPE/) }, { result: "v" }]);
  });

  it("multi-exec runs atomically and reports an error inside it per command", async () => {
    const tx = redis.multi();
    tx.set("u:m", "10");
    tx.incrby("u:m", 5);
    tx.get("u:m");
    expect(await tx.exec()).toEqual(["OK", 15, 15]);

    const bad = redis.multi();
    bad.set("u:m2", "not a number");
    bad.incr("u:m2");
    bad.set("u:m3", "after");
    const err = await failure(bad.exec());
    expect(err.message).toMatch(/not an integer/);
    // Redis does not roll a transaction back for a runtime error: the other commands ran.
    expect(await redis.mget("u:m2", "u:m3")).toEqual(["not a number", "after"]);

    const kept = redis.multi();
    kept.set("u:m4", "x");
    kept.incr("u:m4");
    const results = await kept.exec({ keepErrors: true });
    expect(results[0]).toMatchObject({ result: "OK" });
    expect(results[1]).toMatchObject({ error: expect.stringMatching(/not an integer/) });
  });

  it("base64 (the client's default) and plain modes both carry any UTF-8 string", async () => {
    const text = 'héllo ✓ 🎬 "quotes" \n newline';
    await redis.set("u:utf", text);
    expect(await redis.get("u:utf")).toBe(text);
    expect(await plain.get("u:utf")).toBe(text);
    await plain.set("u:utf2", text);
    expect(await redis.get("u:utf2")).toBe(text);
  });

  it("base64 encodes every string in the reply, recursively; numbers and null stay as they are", async () => {
    await raw("", ["DEL", "u:l"]);
    await raw("", ["RPUSH", "u:l", "a", "ü"]);
    const b64 = (v: string) => Buffer.from(v, "utf8").toString("base64");
    expect((await raw("", ["LRANGE", "u:l", "0", "-1"], { "upstash-encoding": "base64" })).json).toEqual({ result: [b64("a"), b64("ü")] });
    expect((await raw("", ["LRANGE", "u:l", "0", "-1"])).json).toEqual({ result: ["a", "ü"] });
    expect((await raw("", ["LLEN", "u:l"], { "upstash-encoding": "base64" })).json).toEqual({ result: 2 });
    expect((await raw("", ["GET", "u:nothing"], { "upstash-encoding": "base64" })).json).toEqual({ result: null });
    expect(
      (
        await raw(
          "/pipeline",
          [
            ["GET", "u:a"],
            ["EXISTS", "u:a"],
          ],
          { "upstash-encoding": "base64" },
        )
      ).json,
    ).toEqual([{ result: b64("first") }, { result: 1 }]);
  });

  it("a command error is 400 {error} and a thrown error in the client", async () => {
    expect(await raw("", ["INCR", "u:h"])).toEqual({ status: 400, json: { error: expect.stringMatching(/^WRONGTYPE/) } });
    expect((await failure(redis.incr("u:h"))).message).toMatch(/WRONGTYPE/);
    expect((await raw("", [])).status).toBe(400);
    expect((await raw("/pipeline", [["GET", "u:a"], "GET"])).status).toBe(400);
  });

  it("a wrong or missing token is 401", async () => {
    expect((await failure(client({ token: "not-the-token" }).get("u:a"))).message).toMatch(/Unauthorized/);
    const r = await fetch(`${s.upstashUrl}`, { method: "POST", headers: { authorization: "Bearer not-the-token" }, body: '["GET","u:a"]' });
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ error: "Unauthorized" });
    expect((await fetch(`${s.upstashUrl}/pipeline`, { method: "POST", body: '[["GET","u:a"]]' })).status).toBe(401);
  });

  it("the /__control switch makes Redis fail as Upstash does, then recovers", async () => {
    await control(s, { redis: "down" });
    try {
      expect((await failure(redis.get("u:a"))).message).toMatch(/ECONNREFUSED/);
      expect((await raw("", ["GET", "u:a"])).status).toBe(500);
    } finally {
      await control(s, { redis: "up" });
    }
    expect(await redis.get("u:a")).toBe("first");
  });
});

describe("Redis disabled", () => {
  it("serves no Upstash API when started without a Redis URL", async () => {
    const none = await standIns({ redis: false });
    try {
      expect(none.upstashUrl).toBeNull();
      const r = await fetch(`${none.url}/redis`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}` }, body: '["PING"]' });
      expect(r.status).toBe(404);
    } finally {
      await none.close();
    }
  });
});
