// One seeded pseudo-random generator (mulberry32) for what must come out the same on every machine:
// the demo seed (ops/src/seed.ts) and the resilience suite's choices (resilience/src/random.ts).

/** Numbers in [0, 1) from a 32-bit seed; the same seed, the same sequence. */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
