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

/** How a column's driver value becomes a field of a plain JSON-safe record. */
const READ = {
  /** text, or a bigint id selected as `::text` */
  text: (v: unknown) => v as string,
  "text?": (v: unknown) => (v as string | null | undefined) ?? null,
  /** char(n), without its blank padding */
  char: (v: unknown) => (v as string).trim(),
  /** integer, or bigint (the driver gives text) */
  number: (v: unknown) => Number(v),
  bool: (v: unknown) => v as boolean,
  /** timestamptz as toIso gives it */
  iso: (v: unknown) => toIso(v)!,
  "iso?": toIso,
} as const;
export type ColumnKind = keyof typeof READ;

/** The kinds a field of type V may be read as (a nullable field only from a nullable kind). */
type KindFor<V> = [V] extends [boolean] ? "bool" : [V] extends [number] ? "number" : [V] extends [string] ? "text" | "char" | "iso" : "text?" | "iso?";

/**
 * Maps a row to a record: each field of `kinds` (in that order) from the column of the same name in
 * snake_case (`creatorId` ← `creator_id`), read as its kind says. The one row mapper of the repos.
 */
export function rowMapper<T>(kinds: { [K in keyof T]-?: KindFor<T[K]> }): (row: Record<string, unknown>) => T {
  const fields = Object.entries(kinds as Record<string, ColumnKind>).map(
    ([field, kind]) => [field, field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), READ[kind]] as const,
  );
  return (row) => {
    const out: Record<string, unknown> = {};
    for (const [field, column, read] of fields) out[field] = read(row[column]);
    return out as T;
  };
}

/**
 * Keyset pagination: the condition "strictly after this (key, id) position" for an ORDER BY
 * `<column> desc, id desc`. Pushes the two values onto params and returns the SQL.
 */
export function keysetAfter(column: string, idColumn: string, cast: string, after: { key: string; id: string }, params: unknown[]): string {
  params.push(after.key, after.id);
  return `(${column}, ${idColumn}) < ($${params.length - 1}::${cast}, $${params.length}::bigint)`;
}
