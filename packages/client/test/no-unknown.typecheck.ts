// Checked by `tsc` (test/typecheck.spec.ts runs it in `npm test`): every request and response body of
// every operation, as openapi-typescript generated them from the document, is typed all the way down
// — no `unknown` and no `any` anywhere in them. The one exception is the OpenAPI document itself
// (getOpenApi), whose own metaschema describes it.
import type { Body, ErrorStatus, OperationId, ProblemOf, SuccessBody } from "../src/types";
import type { paths } from "../src/schema";

type IsUnknown<T> = unknown extends T ? true : false;
type Deep = [unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown];
/** true when `unknown` or `any` appears anywhere in T (to a depth of 10). */
export type HasUnknown<T, D extends unknown[] = []> = [T] extends [never]
  ? false
  : D["length"] extends Deep["length"]
    ? false
    : IsUnknown<T> extends true
      ? true
      : T extends readonly (infer E)[]
        ? HasUnknown<E, [...D, 1]>
        : T extends object
          ? true extends { [K in keyof T]-?: HasUnknown<T[K], [...D, 1]> }[keyof T]
            ? true
            : false
          : false;

type Checked = Exclude<OperationId, "getOpenApi">;
/** The operations with an `unknown` in a body: must be none. */
type Untyped = {
  [K in Checked]: HasUnknown<Body<K>> extends true
    ? `${K} request`
    : HasUnknown<SuccessBody<K>> extends true
      ? `${K} response`
      : HasUnknown<ProblemOf<K, ErrorStatus<K>>> extends true
        ? `${K} error`
        : never;
}[Checked];
export const noUnknownBodies: [Untyped] extends [never] ? true : Untyped = true;

// The checker itself finds an unknown where there is one.
export const findsUnknown: HasUnknown<{ a: { b: unknown[] } }> = true;
export const findsAny: HasUnknown<{ a: any }> = true;
export const cleanIsClean: HasUnknown<{ a: { b: string[] }; c: number | null }> = false;

// The raw generated types (what any openapi-typescript user gets), for one call of the flow.
type GetPitch = paths["/api/pitches/{id}"]["get"];
export const pitchTitle = (r: GetPitch["responses"][200]["content"]["application/json"]): string => r.data.title;
export const notFound = (r: GetPitch["responses"][404]["content"]["application/problem+json"]): "NOT_FOUND" => r.code;
