// A service's HTTP app: its declared operations (operation-app.ts) routed by itty-router, run as the
// last stage of the shared pipeline (pipeline.ts, respond.ts): identity from the gateway's signed
// header, 404/405 for anything else, problem+json for every error, request id, Server-Timing, the
// arm's version, one log line.
import { Router, type IRequest } from "itty-router";
import type { OperationSpec } from "@pitchey/contracts";
import { PUBLIC_ROUTES, ROUTES, type HttpMethod, type OperationId, type ServiceName } from "@pitchey/contracts/routes";
import { createContext, type BaseEnv, type RequestContext } from "./context";
import { IDENTITY_HEADER, verifyCaller } from "./identity";
import { inputOf, type Handlers } from "./operation-app";
import { pipeline, type Stage } from "./pipeline";
import { problemResponse } from "./problem";
import { toResponse, type AnyReply } from "./reply";
import { requestIdFrom } from "./request-id";
import { respond, toProblem, writable } from "./respond";

export type Handler<E extends BaseEnv> = (req: IRequest, rc: RequestContext<E>) => Promise<Response> | Response;

/** A route this app answers, and the declared operation it serves (null: an undeclared route). */
export interface Served {
  method: HttpMethod;
  path: string;
  operationId: OperationId | null;
}

export interface App<E extends BaseEnv> {
  /** Serves declared operations: one handler for each id of `specs` (a service's operations.<service>.ts). */
  operations<M extends Partial<Record<OperationId, () => OperationSpec>>>(specs: M, handlers: Handlers<M, E>): App<E>;
  /** An undeclared route, for packages' own test Workers; a service serves declared operations only (its app.unit.spec.ts checks). */
  route(method: HttpMethod, path: string, h: Handler<E>): App<E>;
  /** Adds a stage before routing (fault injection, …). */
  use(stage: Stage<RequestContext<E>>): App<E>;
  /** Every route this app answers. */
  readonly served: readonly Served[];
  fetch(request: Request, env: E, ctx: ExecutionContext): Promise<Response>;
}

/** Every answer names the version that made it (the gateway passes it on with the arm); then the
 *  hooks other packages registered for this request run on it. */
const version: Stage<RequestContext<any>> = async (rc, next) => {
  const res = writable(await next());
  res.headers.set("x-pitchey-version", rc.version);
  for (const hook of rc.respondHooks) hook(res);
  return res;
};

export function createApp<E extends BaseEnv>(service: string): App<E> {
  const router = Router<IRequest, [RequestContext<E>]>();
  const table: { method: HttpMethod; regex: RegExp }[] = [];
  const served: Served[] = [];
  const before: Stage<RequestContext<E>>[] = [];

  const routed: Stage<RequestContext<E>> = async (rc) => {
    // HEAD is answered as GET without a body. The GET is made from the URL and headers only: a HEAD
    // may arrive with a body (a client sent one), and a GET request cannot carry it.
    const head = rc.request.method === "HEAD";
    const asGet = () => new Request(rc.request.url, { method: "GET", headers: rc.request.headers });
    const res = (await router.fetch(head ? asGet() : rc.request, rc)) ?? unmatched(table, rc, rc.request.method);
    return head ? new Response(null, res) : res;
  };
  let run: ((rc: RequestContext<E>) => Promise<Response>) | undefined;

  const add = (method: HttpMethod, path: string, h: Handler<E>, operationId: OperationId | null) => {
    router[method.toLowerCase() as "get"](path, h as never);
    table.push({ method, regex: router.routes[router.routes.length - 1]![1] });
    served.push({ method, path, operationId });
  };

  const app: App<E> = {
    operations(specs, handlers) {
      for (const id of Object.keys(handlers) as OperationId[]) {
        const route = ROUTES[id];
        const spec = specs[id]!;
        const handle = (handlers as Record<string, (input: unknown, rc: RequestContext<E>) => Promise<AnyReply>>)[id]!;
        add(route.method, route.path, async (req, rc) => toResponse(rc, await handle(await inputOf(id, spec(), req as never, rc), rc)), id);
      }
      return app;
    },
    route(method, path, h) {
      add(method, path, h, null);
      return app;
    },
    use(stage) {
      before.push(stage);
      run = undefined;
      return app;
    },
    served,
    async fetch(request, env, ctx) {
      const requestId = requestIdFrom(request.headers);
      const caller = await verifyCaller(request.headers.get(IDENTITY_HEADER), requestId, env.IDENTITY_HMAC_SECRET);
      run ??= pipeline<RequestContext<E>>([respond(), version as Stage<RequestContext<E>>, ...before, routed], toProblem);
      return run(createContext(service, request, env, ctx, caller, requestId));
    },
  };
  return app;
}

/**
 * What is wrong with what `app` serves for `service`: a route served without a declaration, or a
 * declared operation of the service not served. Empty when the app serves exactly its declarations
 * (each service's app.unit.spec.ts checks, so an undeclared route fails the build).
 */
export function servedProblems(app: Pick<App<any>, "served">, service: ServiceName): string[] {
  const out = app.served.filter((s) => s.operationId === null).map((s) => `${s.method} ${s.path}: served without a declaration`);
  for (const s of app.served) {
    const r = s.operationId && ROUTES[s.operationId];
    if (r && (r.service !== service || r.method !== s.method || r.path !== s.path)) out.push(`${s.operationId}: served as ${s.method} ${s.path} by ${service}`);
  }
  const bound = new Set(app.served.map((s) => s.operationId));
  for (const r of PUBLIC_ROUTES) if (r.service === service && !bound.has(r.operationId)) out.push(`${r.operationId}: declared for ${service} but not served`);
  return out;
}

function unmatched(table: { method: HttpMethod; regex: RegExp }[], rc: RequestContext<any>, method: string): Response {
  const allowed: string[] = [...new Set(table.filter((r) => r.regex.test(rc.url.pathname)).map((r) => r.method))];
  if (allowed.length) {
    if (allowed.includes("GET")) allowed.push("HEAD");
    return problemResponse(405, "METHOD_NOT_ALLOWED", `${method} is not allowed on ${rc.url.pathname}.`, {
      instance: rc.url.pathname,
      requestId: rc.requestId,
      headers: { allow: allowed.join(", ") },
    });
  }
  return problemResponse(404, "NOT_FOUND", `No route for ${method} ${rc.url.pathname}.`, { instance: rc.url.pathname, requestId: rc.requestId });
}
