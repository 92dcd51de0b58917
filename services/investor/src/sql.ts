// SQL fragments shared by the repos.
import { constraintOf, pgCode } from "@pitchey/data";

/** A timestamptz as an ISO 8601 UTC string with milliseconds, like Date#toISOString. */
export const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Postgres unique violation on the named constraint. */
export const isUniqueViolation = (err: unknown, constraint: string) => pgCode(err) === "23505" && constraintOf(err) === constraint;
