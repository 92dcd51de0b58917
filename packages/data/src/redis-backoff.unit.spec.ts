import { describe, expect, it } from "vitest";
import { redisBackoff } from "./redis-backoff";

describe("redisBackoff", () => {
  const a = { UPSTASH_REDIS_REST_URL: "https://a.example" };
  const b = { UPSTASH_REDIS_REST_URL: "https://b.example" };

  it("skips Redis for its own interval after a failure, per Redis URL", () => {
    const short = redisBackoff(1_000);
    const long = redisBackoff(5_000);
    expect(short.usable(a, 0)).toBe(true);
    short.failed(a, 100);
    long.failed(a, 100);
    expect(short.usable(a, 1_099)).toBe(false);
    expect(short.usable(a, 1_100)).toBe(true);
    expect(long.usable(a, 1_100)).toBe(false);
    expect(long.usable(a, 5_100)).toBe(true);
    expect(short.usable(b, 500)).toBe(true);
  });

  it("ends when Redis answers, or on reset", () => {
    const backoff = redisBackoff(1_000);
    backoff.failed(a, 0);
    backoff.failed(b, 0);
    backoff.answered(a);
    expect(backoff.usable(a, 1)).toBe(true);
    expect(backoff.usable(b, 1)).toBe(false);
    backoff.reset();
    expect(backoff.usable(b, 1)).toBe(true);
  });
});
