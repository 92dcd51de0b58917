// A size-bounded LRU with per-entry expiry. A Map keeps insertion order, so re-inserting on access
// makes the first key the least recently used.
interface Slot<V> {
  value: V;
  size: number;
  expires: number;
}

export class Lru<V> {
  private readonly map = new Map<string, Slot<V>>();
  private used = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxSize = Number.POSITIVE_INFINITY,
  ) {}

  get(key: string, now = Date.now()): V | undefined {
    const slot = this.map.get(key);
    if (!slot) return undefined;
    if (slot.expires <= now) {
      this.delete(key);
      return undefined;
    }
    this.map.delete(key);
    this.map.set(key, slot);
    return slot.value;
  }

  /** size: the entry's weight against maxSize (for cache entries, the length of their JSON). */
  set(key: string, value: V, expires: number, size = 1): void {
    this.delete(key);
    if (size > this.maxSize) return;
    this.map.set(key, { value, size, expires });
    this.used += size;
    while (this.map.size > this.maxEntries || this.used > this.maxSize) {
      this.delete(this.map.keys().next().value!);
    }
  }

  delete(key: string): void {
    const slot = this.map.get(key);
    if (!slot) return;
    this.map.delete(key);
    this.used -= slot.size;
  }

  clear(): void {
    this.map.clear();
    this.used = 0;
  }

  get size(): number {
    return this.map.size;
  }

  get weight(): number {
    return this.used;
  }
}
