// Sums of cents as the API sends them. Postgres sums bigint cents into an exact numeric; the repos
// read it as text and convert here, never through a float.
import type { SumCents } from "@pitchey/contracts";

/** A number while it is a safe integer (so it is exact in JSON and in JavaScript), else the exact digits. */
export function exactCents(text: string): SumCents {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}
