// The benchmark's request mix: Zipf-distributed reads by id (popularity independent of id order),
// a share of writes that invalidate, as a fixed list of operations that every driver replays.
// An operation is one line: `r <path>` or `w <path> <token index>` (index into the tokens list; 0 = none).

export interface Op {
  write: boolean;
  path: string;
  /** 1-based index into the arm's bearer tokens; 0: no token. */
  token: number;
}

export function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Item indexes from most to least popular: a fixed shuffle, so popularity is not id order. */
export function popularity(n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  const shuffle = mulberry32(42);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(shuffle() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Zipf over ranks 1..n, mapped to items by popularity(); returns an index into the items. */
export function zipfSampler(n: number, s: number, rand: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / (i + 1) ** s;
  const order = popularity(n);
  return () => {
    const r = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return order[lo]!;
  };
}

/** Share of Zipf(n, s) draws that land on the k most popular items. */
export function zipfMass(n: number, s: number, k: number): number {
  let head = 0;
  let all = 0;
  for (let i = 1; i <= n; i++) {
    const w = 1 / i ** s;
    all += w;
    if (i <= k) head += w;
  }
  return head / all;
}

export interface Mix {
  /** Ids read and written. */
  ids: string[];
  zipfS: number;
  writeShare: number;
  /** "zipf": writes pick ids as reads do; "uniform": any id alike. */
  writes: "zipf" | "uniform";
  seed: number;
  count: number;
  readPath: (id: string) => string;
  writePath?: (id: string) => string;
  /** Token index (1-based) a write to this id must carry; 0 or absent: none. */
  writeToken?: (id: string) => number;
}

export function makeOps(m: Mix): Op[] {
  const rand = mulberry32(m.seed);
  const zipf = zipfSampler(m.ids.length, m.zipfS, rand);
  const writeIndex = m.writes === "zipf" ? zipf : () => Math.floor(rand() * m.ids.length);
  const ops: Op[] = new Array(m.count);
  for (let i = 0; i < m.count; i++) {
    if (rand() < m.writeShare) {
      const id = m.ids[writeIndex()]!;
      ops[i] = { write: true, path: (m.writePath ?? m.readPath)(id), token: m.writeToken?.(id) ?? 0 };
    } else {
      ops[i] = { write: false, path: m.readPath(m.ids[zipf()]!), token: 0 };
    }
  }
  return ops;
}

export const opLines = (ops: Op[]) => `${ops.map((o) => (o.write ? `w ${o.path} ${o.token}` : `r ${o.path}`)).join("\n")}\n`;
