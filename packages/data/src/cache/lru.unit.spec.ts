import { describe, expect, it } from "vitest";
import { Lru } from "./lru";

describe("Lru", () => {
  it("evicts the least recently used entry past maxEntries", () => {
    const lru = new Lru<number>(2);
    lru.set("a", 1, Infinity);
    lru.set("b", 2, Infinity);
    expect(lru.get("a")).toBe(1); // a is now the most recent
    lru.set("c", 3, Infinity);
    expect(lru.get("b")).toBeUndefined();
    expect(lru.get("a")).toBe(1);
    expect(lru.get("c")).toBe(3);
  });

  it("bounds the total size and refuses an entry larger than the bound", () => {
    const lru = new Lru<string>(100, 10);
    lru.set("a", "x", Infinity, 6);
    lru.set("b", "y", Infinity, 4);
    expect(lru.weight).toBe(10);
    lru.set("c", "z", Infinity, 5);
    expect(lru.get("a")).toBeUndefined();
    expect(lru.weight).toBe(9);
    lru.set("huge", "w", Infinity, 11);
    expect(lru.get("huge")).toBeUndefined();
    expect(lru.size).toBe(2);
  });

  it("forgets entries at their expiry and replaces on set", () => {
    const lru = new Lru<number>(10, 100);
    lru.set("a", 1, 1_000, 5);
    expect(lru.get("a", 999)).toBe(1);
    expect(lru.get("a", 1_000)).toBeUndefined();
    expect(lru.weight).toBe(0);
    lru.set("b", 1, Infinity, 5);
    lru.set("b", 2, Infinity, 7);
    expect(lru.get("b")).toBe(2);
    expect(lru.weight).toBe(7);
  });
});
