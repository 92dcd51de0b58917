// Binding a handler to its declaration (contracts routes.ts + operations.<service>.ts): the handler
// gets its input already checked — the caller against the route's access (401/403), path ids
// (malformed → 404), the query and body against the spec's schemas (400), Idempotency-Key and
// If-Match read — and its input and reply types come from the declaration. A handler cannot exist
// without a declaration: `app.operations(specs, handlers)` takes exactly the declared ids.
//
// @example
//   export const pitchHandlers = {
//     getPitch: async ({ params, user }, rc) => ok(await load(rc, params.id)),
//   } satisfies Partial<Handlers<typeof pitchOperations, Env>>;
import type * as z from "zod";
import type { Identity, OperationSpec } from "@pitchey/contracts";
import { ID_TEXT, ROUTES, pathParamNames, type OperationId, type PathParams, type RouteDecl, type Routes } from "@pitchey/contracts/routes";
import type { BaseEnv, RequestContext } from "./context";
import { requireUser } from "./context";
import { badRequest, notFound } from "./problem";
import { readJson, readQuery } from "./body";
import type { BareReply, EmptyReply, HtmlReply, OneReply, PageReply, StoredReply } from "./reply";

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

/** What a handler receives, typed by its route and spec. */
export interface Input<R extends RouteDecl, S extends OperationSpec> {
  params: PathParams<R["path"]>;
  query: S extends { query: infer Q } ? Out<Q> : undefined;
  body: S extends { body: infer B } ? Out<B> : undefined;
  /** The caller; never null where the route needs a signed-in user. */
  user: R["access"] extends "anyone" ? Identity | null : Identity;
  /** `Idempotency-Key`, checked (routes that create). */
  idempotencyKey: R extends { idempotent: true } ? string | null : null;
  /** `If-Match`, as sent (conditional routes). */
  ifMatch: R extends { conditional: true } ? string | null : null;
}

type ReplyFor<St extends number, B> = B extends { kind: "one"; schema: infer Z }
  ? OneReply<St, Out<Z>> | StoredReply<St>
  : B extends { kind: "page"; schema: infer Z }
    ? PageReply<Out<Z>>
    : B extends { kind: "bare"; schema: infer Z }
      ? BareReply<St, Out<Z>>
      : B extends { kind: "html" }
        ? HtmlReply<St>
        : B extends { kind: "empty" }
          ? EmptyReply
          : never;
/** The replies a spec allows: one per declared status, with that status's schema. */
export type Replies<S extends OperationSpec> = { [St in keyof S["responses"] & number]: ReplyFor<St, S["responses"][St]> }[keyof S["responses"] & number];

export type OperationHandler<K extends OperationId, S extends OperationSpec, E extends BaseEnv> = (
  input: Input<Routes[K], S>,
  rc: RequestContext<E>,
) => Promise<Replies<S>>;
type Spec<F> = F extends () => infer S ? (S extends OperationSpec ? S : never) : never;
/** A handler for every operation of a spec map (a service's operations.<service>.ts). */
export type Handlers<M extends Partial<Record<OperationId, () => OperationSpec>>, E extends BaseEnv> = {
  [K in keyof M & OperationId]: OperationHandler<K, Spec<M[K]>, E>;
};

/** `Idempotency-Key`: 1–255 printable ASCII characters (contracts' IdempotencyKey, without zod here). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const KEY_RULE = "must be 1–255 printable ASCII characters";

function idempotencyKeyOf(request: Request): string | null {
  const raw = request.headers.get("idempotency-key");
  if (raw === null) return null;
  if (!IDEMPOTENCY_KEY.test(raw)) throw badRequest("Invalid header: Idempotency-Key.", [{ path: "Idempotency-Key", message: KEY_RULE }]);
  return raw;
}

function callerFor(rc: RequestContext<any>, route: RouteDecl): Identity | null {
  if (route.access === "anyone") return rc.user;
  return requireUser(rc, route.access === "signed-in" ? undefined : route.access);
}

/** Ids are opaque: anything that is not one we issued is simply not found. */
function paramsOf(route: RouteDecl, given: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of pathParamNames(route.path)) {
    const value = given[name] ?? "";
    if (!ID_TEXT.test(value)) throw notFound("No such resource.");
    out[name] = value;
  }
  return out;
}

/** The input of one request to `id`, checked in the order clients expect: who, which, how, what. */
export async function inputOf(
  id: OperationId,
  spec: OperationSpec,
  request: Request & { params?: Record<string, string | undefined> },
  rc: RequestContext<any>,
) {
  const route: RouteDecl = ROUTES[id];
  const user = callerFor(rc, route);
  const params = paramsOf(route, request.params ?? {});
  const query = spec.query ? readQuery(rc.url, spec.query) : undefined;
  const idempotencyKey = route.idempotent ? idempotencyKeyOf(request) : null;
  const ifMatch = route.conditional ? request.headers.get("if-match") : null;
  const body = spec.body ? await readJson(request, spec.body) : undefined;
  return { params, query, body, user, idempotencyKey, ifMatch };
}
