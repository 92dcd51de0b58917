// Small SQL building blocks the services share. Every value still goes in as a parameter.

/**
 * A timestamptz as ISO-8601 UTC text. "us" (the default): exact, microseconds kept — safe to
 * round-trip through a cursor or a conditional write's version. "ms": milliseconds, the form
 * Date#toISOString and toIso() give — for timestamps an API object shows (Postgres builds it).
 */
export const isoText = (column: string, precision: "us" | "ms" = "us") =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.${precision === "ms" ? "MS" : "US"}"Z"')`;

/** A driver value (Date or text) as an ISO string with milliseconds, or null. */
export const toIso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string | Date).toISOString());

/**
 * Keyset pagination: the condition "strictly after this (key, id) position" for an ORDER BY
 * `<column> desc, id desc`. Pushes the two values onto params and returns the SQL.
 */
export function keysetAfter(column: string, idColumn: string, cast: string, after: { key: string; id: string }, params: unknown[]): string {
  params.push(after.key, after.id);
  return `(${column}, ${idColumn}) < ($${params.length - 1}::${cast}, $${params.length}::bigint)`;
}
