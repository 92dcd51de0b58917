import { describe, expect, it } from "vitest";
import { decode, isFresh, isUsable, makeEntry } from "./entry";
import { cacheKey } from "./cache";

const P = { name: "p", ttl: 10, grace: 20, negativeTtl: 5 };

describe("entries", () => {
  it("carries stored-at, fresh-until and stale-until, and round-trips through its text", () => {
    const enc = makeEntry({ a: 1, when: new Date(0) }, P, 1_000)!;
    expect(enc.entry).toEqual({ s: 1_000, f: 11_000, e: 31_000, v: { a: 1, when: "1970-01-01T00:00:00.000Z" } });
    expect(decode(enc.text)!.entry).toEqual(enc.entry);
    expect(isFresh(enc.entry, 10_999)).toBe(true);
    expect(isFresh(enc.entry, 11_000)).toBe(false);
    expect(isUsable(enc.entry, 30_999)).toBe(true);
    expect(isUsable(enc.entry, 31_000)).toBe(false);
  });

  it("freezes values, since one copy is shared by every request of an isolate", () => {
    const enc = makeEntry({ list: [{ x: 1 }] }, P, 0)!;
    expect(Object.isFrozen((enc.entry.v as { list: { x: number }[] }).list[0])).toBe(true);
  });

  it("caches not-found for negativeTtl without grace, and not at all when it is 0", () => {
    expect(makeEntry(undefined, P, 0)!.entry).toEqual({ s: 0, f: 5_000, e: 5_000, n: 1 });
    expect(makeEntry(undefined, { ...P, negativeTtl: 0 }, 0)).toBeNull();
    expect(makeEntry(null, P, 0)!.entry.v).toBeNull(); // null is a value, not "not found"
  });

  it("carries the tag versions it was built under (t), which the shared layers compare", () => {
    const enc = makeEntry({ a: 1 }, P, 0, "pitch:1=3,pitches=7")!;
    expect(enc.entry.t).toBe("pitch:1=3,pitches=7");
    expect(decode(enc.text)!.entry).toEqual(enc.entry);
    expect(makeEntry({ a: 1 }, P, 0)!.entry.t).toBeUndefined();
    expect(makeEntry(undefined, P, 0, 'a"b=1')!.entry).toEqual({ s: 0, f: 5_000, e: 5_000, n: 1, t: 'a"b=1' });
  });

  it("treats malformed stored text as absent", () => {
    expect(decode("not json")).toBeNull();
    expect(decode('{"s":1,"f":2}')).toBeNull();
    expect(decode('{"s":1,"f":2,"e":3}')).toBeNull();
    expect(decode(null)).toBeNull();
  });
});

describe("cache keys", () => {
  it("embed the user and every tag's version, so neither can be confused", () => {
    expect(cacheKey(P, "k", undefined, [], [])).toBe("p:k");
    expect(cacheKey(P, "k", "u 1", ["a", "b"], [3, 0])).toBe("p:k|u=u%201|a=3,b=0");
    expect(cacheKey(P, "k", "alice", [], [])).not.toBe(cacheKey(P, "k", "bob", [], []));
    expect(cacheKey(P, "k", undefined, ["a"], [1])).not.toBe(cacheKey(P, "k", undefined, ["a"], [2]));
  });
});
