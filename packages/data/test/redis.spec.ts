// The Redis client against the Upstash stand-in and real Redis: commands, batches, errors, deadline.
import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { Redis, RedisError, redis, type DataEnv } from "../src/index";

const e = env as unknown as DataEnv & { TEST_CONTROL_URL: string };
const r = () => redis(e)!;
const control = (state: Record<string, string>) => fetch(e.TEST_CONTROL_URL, { method: "POST", body: JSON.stringify(state) });
afterEach(() => control({ redis: "up" }));

describe("Redis client (Upstash REST)", () => {
  it("runs commands and returns Redis's replies as they are", async () => {
    const k = `t:${crypto.randomUUID()}`;
    expect(await r().ping()).toBe("PONG");
    expect(await r().get(k)).toBeNull();
    expect(await r().set(k, "v é ✓", { ex: 60 })).toBe("OK");
    expect(await r().set(k, "other", { nx: true })).toBeNull();
    expect(await r().get(k)).toBe("v é ✓");
    expect(await r().ttl(k)).toBeGreaterThan(50);
    expect(await r().mget(k, `${k}:none`)).toEqual(["v é ✓", null]);
    expect(await r().hset(`${k}:h`, { a: "1", b: 2 })).toBe(2);
    expect(await r().hgetall(`${k}:h`)).toEqual(["a", "1", "b", "2"]);
    expect(await r().eval("return {KEYS[1], ARGV[1], tonumber(ARGV[2]) + 1}", [k], ["x", 41])).toEqual([k, "x", 42]);
    expect(await r().del(k, `${k}:h`)).toBe(2);
  });

  it("runs a pipeline and a transaction, one reply per command", async () => {
    const k = `t:${crypto.randomUUID()}`;
    expect(await r().multi().incr(k).expire(k, 900, "NX").expire(k, 5, "NX").ttl(k).exec()).toEqual([1, 1, 0, 900]);
    expect(await r().pipeline().get(k).incrby(k, 2).hincrby(`${k}:h`, "f", 3).exec()).toEqual(["1", 3, 3]);
    expect(await r().pipeline().exec()).toEqual([]);
  });

  it("makes every failure a RedisError naming the command: an error reply, a bad token, an error inside a batch", async () => {
    await expect(r().eval("return redis.call('NOPE')", [], [])).rejects.toBeInstanceOf(RedisError);
    await expect(new Redis(e.UPSTASH_REDIS_REST_URL!, "wrong-token").ping()).rejects.toThrow(/command was: \["PING"\]/);
    const k = `t:${crypto.randomUUID()}`;
    await r().set(k, "text");
    await expect(r().pipeline().get(k).incr(k).exec()).rejects.toThrow(/not an integer/);
  });

  it("gives up on a Redis that does not answer after its deadline", async () => {
    await control({ redis: "hang" });
    const t0 = Date.now();
    await expect(new Redis(e.UPSTASH_REDIS_REST_URL!, e.UPSTASH_REDIS_REST_TOKEN!, 200).get("k")).rejects.toThrow(/no answer in 200 ms/);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
});
