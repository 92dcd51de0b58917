// What an operation's schemas look like (the part of a route's declaration that needs zod). Each
// service's operations.<service>.ts maps every one of its operationIds (routes.ts) to a function
// returning its spec: schemas are built on first use, not at import (a Worker's start-up stays
// cheap), and `satisfies Specs<"pitch">` fails the build when a route has no spec or a spec no route.
//
// @example
//   export const pitchOperations = {
//     getPitch: () => ({ tag: "pitches", summary: "One pitch", responses: { 200: one(Pitch) }, errors: { 404: "…" } }),
//     …
//   } satisfies Specs<"pitch">;
import type * as z from "zod";
import type { ErrorCode } from "./common";
import type { OperationId, OperationIdOf, ServiceName } from "./routes";

/** How a success is sent: the envelope around one value or a page, bare JSON, HTML, or nothing. */
export type BodySpec =
  | { readonly kind: "one"; readonly schema: z.ZodType }
  | { readonly kind: "page"; readonly schema: z.ZodType }
  | { readonly kind: "bare"; readonly schema: z.ZodType }
  | { readonly kind: "html" }
  | { readonly kind: "empty" };

/** `{ data: T, meta: { requestId } }` */
export const one = <S extends z.ZodType>(schema: S) => ({ kind: "one", schema }) as const;
/** `{ data: T[], meta: { requestId, nextCursor, hasMore } }`, with `Link: <…>; rel="next"` */
export const page = <S extends z.ZodType>(schema: S) => ({ kind: "page", schema }) as const;
/** JSON without the envelope (health probes, the OpenAPI document). */
export const bare = <S extends z.ZodType>(schema: S) => ({ kind: "bare", schema }) as const;
export const html = { kind: "html" } as const;
export const empty = { kind: "empty" } as const;

/** An error an operation answers beyond those its declaration implies (see openapi.errors.ts). */
export interface ErrorSpec {
  readonly codes: readonly ErrorCode[];
  readonly description: string;
}

export const TAGS = {
  auth: "Accounts, sign-in and sessions. Access tokens live 15 minutes; refresh tokens rotate on every use.",
  pitches: "Film and TV pitches: browse, create, edit, publish. NDA-only material is in `protected`.",
  ndas: "NDA requests on pitches and the owner's decisions; an approved NDA grants `protected`.",
  watchlist: "Pitches an investor follows.",
  investments: "An investor's investments, with Idempotency-Key for safe retries.",
  portfolio: "An investor's dashboard and totals.",
  health: "Readiness, liveness and the status page.",
  reference: "This reference: the OpenAPI document and its rendering.",
} as const;
export type TagName = keyof typeof TAGS;

export interface OperationSpec {
  readonly tag: TagName;
  readonly summary: string;
  readonly description?: string;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** The answers the handler gives (a 503 here is a report, not a problem: health). */
  readonly responses: { readonly [status: number]: BodySpec };
  /** What an answer means when its status says too little. */
  readonly responseNotes?: { readonly [status: number]: string };
  /** Errors this operation answers itself (403 policy, 404, 409 state, …), by status. */
  readonly errors?: { readonly [status: number]: ErrorSpec };
  /** Counted by a rate limit: answers carry RateLimit headers, and 429 with Retry-After. */
  readonly rateLimited?: true;
  /** Its 201 carries `Location`, the new resource's URL (which a GET answers). */
  readonly location?: true;
}

/** Every operation of one service mapped to its spec: exactly the ids routes.ts gives that service. */
export type Specs<S extends ServiceName> = { readonly [K in OperationIdOf<S>]: () => OperationSpec };
export type AllSpecs = { readonly [K in OperationId]: () => OperationSpec };

/** Memoises a spec function: built once, on first use. */
export function lazySpecs<T extends Record<string, () => OperationSpec>>(specs: T): T {
  const built = new Map<string, OperationSpec>();
  return Object.fromEntries(
    Object.entries(specs).map(([id, make]) => [
      id,
      () => {
        let s = built.get(id);
        if (!s) built.set(id, (s = make()));
        return s;
      },
    ]),
  ) as T;
}
