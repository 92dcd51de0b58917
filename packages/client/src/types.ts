// Request and response types of every operation, read from the types openapi-typescript generated
// from the OpenAPI document (schema.d.ts): nothing here is written by hand per operation.
import type { components, operations } from "./schema";

export type OperationId = keyof operations;
export type Schemas = components["schemas"];
export type Problem = Schemas["Problem"];
export type ErrorCode = Schemas["ErrorCode"];

type Op<K extends OperationId> = operations[K];
type Json<R> = R extends { content: { "application/json": infer B } } ? B : R extends { content: { "text/html": infer H } } ? H : undefined;

/** Path parameters (`{ id }`), query and body of an operation; never where it takes none. */
export type PathParams<K extends OperationId> = Op<K>["parameters"] extends { path: infer P } ? P : never;
export type Query<K extends OperationId> = Op<K>["parameters"] extends { query?: infer Q } ? Q : never;
export type Body<K extends OperationId> = Op<K> extends { requestBody: { content: { "application/json": infer B } } } ? B : never;

type Responses<K extends OperationId> = Op<K>["responses"];
export type SuccessStatus<K extends OperationId> = Extract<keyof Responses<K>, 200 | 201 | 202 | 204>;
/** What a success sends (the envelope, where there is one). */
export type SuccessBody<K extends OperationId> = { [S in SuccessStatus<K>]: Json<Responses<K>[S]> }[SuccessStatus<K>];
export type ErrorStatus<K extends OperationId> = Exclude<Extract<keyof Responses<K>, number>, SuccessStatus<K> | 304>;
/** The problem an error status sends: `code` is narrowed to what this operation answers with it. */
export type ProblemOf<K extends OperationId, S> = S extends keyof Responses<K>
  ? Responses<K>[S] extends { content: { "application/problem+json": infer P } }
    ? P
    : Problem
  : never;

/** Operations whose success is a page (`meta.nextCursor`): what pages() and items() walk. */
export type PagedOperationId = { [K in OperationId]: SuccessBody<K> extends { meta: { nextCursor: string | null } } ? K : never }[OperationId];
export type Item<K extends PagedOperationId> = SuccessBody<K> extends { data: (infer T)[] } ? T : never;

type Never<T> = [T] extends [never] ? true : false;
/** The empty object type (`{}`): what an absent field adds, and what an all-optional input accepts. */
type Empty = Record<never, never>;
type Field<Name extends string, T, Optional> = Never<T> extends true ? Empty : Optional extends true ? { [P in Name]?: T } : { [P in Name]: T };
type AllOptional<T> = T extends object ? (Empty extends T ? true : false) : true;

/** What call() takes for an operation: its path parameters, query and body where it has them. */
export type Input<K extends OperationId> = Field<"params", PathParams<K>, false> &
  Field<"query", Query<K>, AllOptional<Query<K>>> &
  Field<"body", Body<K>, false> & {
    /** Idempotency-Key (operations that create): made by the client when not given, and kept for its retries. */
    idempotencyKey?: string;
    /** If-Match: the ETag of what you read (updatePitch, deletePitch: 412 when it changed since). */
    ifMatch?: string;
    headers?: Record<string, string>;
    signal?: AbortSignal;
  };
/** An operation whose input has nothing required may be called without one. */
export type InputArgs<K extends OperationId> = Empty extends Input<K> ? [input?: Input<K>] : [input: Input<K>];

export interface Result<K extends OperationId> {
  status: SuccessStatus<K>;
  body: SuccessBody<K>;
  headers: Headers;
  /** The representation's ETag (single resources and pages). */
  etag: string | null;
  /** True when the server answered with the stored result of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}
