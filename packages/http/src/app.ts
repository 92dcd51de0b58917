// A service's HTTP app: itty-router routes run as the last stage of the shared pipeline
// (pipeline.ts, respond.ts): identity from the gateway's signed header, 404/405 from the route table,
// problem+json for every error, request id, Server-Timing, the arm's version, one log line.
import { Router, type IRequest } from "itty-router";
import { createContext, type BaseEnv, type RequestContext } from "./context";
import { IDENTITY_HEADER, verifyCaller } from "./identity";
import { pipeline, type Stage } from "./pipeline";
import { problemResponse } from "./problem";
import { requestIdFrom } from "./request-id";
import { respond, toProblem, writable } from "./respond";

export type Handler<E extends BaseEnv> = (req: IRequest, rc: RequestContext<E>) => Promise<Response> | Response;
type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface App<E extends BaseEnv> {
  get(path: string, h: Handler<E>): App<E>;
  post(path: string, h: Handler<E>): App<E>;
  patch(path: string, h: Handler<E>): App<E>;
  put(path: string, h: Handler<E>): App<E>;
  delete(path: string, h: Handler<E>): App<E>;
  /** Adds a stage before routing (fault injection, …). */
  use(stage: Stage<RequestContext<E>>): App<E>;
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
  const table: { method: Method; regex: RegExp }[] = [];
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

  const add = (method: Method) => (path: string, h: Handler<E>) => {
    router[method.toLowerCase() as "get"](path, h as never);
    const route = router.routes[router.routes.length - 1]!;
    table.push({ method, regex: route[1] });
    return app;
  };

  const app: App<E> = {
    get: add("GET"),
    post: add("POST"),
    patch: add("PATCH"),
    put: add("PUT"),
    delete: add("DELETE"),
    use(stage) {
      before.push(stage);
      run = undefined;
      return app;
    },
    async fetch(request, env, ctx) {
      const requestId = requestIdFrom(request.headers);
      const caller = await verifyCaller(request.headers.get(IDENTITY_HEADER), requestId, env.IDENTITY_HMAC_SECRET);
      run ??= pipeline<RequestContext<E>>([respond(), version as Stage<RequestContext<E>>, ...before, routed], toProblem);
      return run(createContext(service, request, env, ctx, caller, requestId));
    },
  };
  return app;
}

function unmatched(table: { method: Method; regex: RegExp }[], rc: RequestContext<any>, method: string): Response {
  const allowed = [...new Set(table.filter((r) => r.regex.test(rc.url.pathname)).map((r) => r.method))];
  if (allowed.length) {
    if (allowed.includes("GET")) allowed.push("HEAD" as Method);
    return problemResponse(405, "METHOD_NOT_ALLOWED", `${method} is not allowed on ${rc.url.pathname}.`, {
      instance: rc.url.pathname,
      requestId: rc.requestId,
      headers: { allow: allowed.join(", ") },
    });
  }
  return problemResponse(404, "NOT_FOUND", `No route for ${method} ${rc.url.pathname}.`, { instance: rc.url.pathname, requestId: rc.requestId });
}
