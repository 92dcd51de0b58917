// Seeded pseudo-random numbers (mulberry32): the same seed gives the same choices on every machine.
import { mulberry32 } from "@pitchey/local-backends/prng";

export interface Random {
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
  /** A child stream: its own sequence, derived from this seed and a label. */
  fork(label: string): Random;
}

export function random(seed: number): Random {
  const next = mulberry32(seed);
  const self: Random = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
    chance: (p) => next() < p,
    fork: (label) => {
      let h = seed >>> 0;
      for (const c of label) h = Math.imul(h ^ c.charCodeAt(0), 0x9e3779b1) >>> 0;
      return random(h);
    },
  };
  return self;
}
