// A service's HTTP app: itty-router routes plus the parts every service shares
// (request context, 404/405, problem+json for every error, request id, Server-Timing, a log line).
import { Router, type IRequest } from "itty-router";
import { createContext, type BaseEnv, type RequestContext } from "./context";
import { HttpError, problemResponse } from "./problem";

export type Handler<E extends BaseEnv> = (req: IRequest, rc: RequestContext<E>) => Promise<Response> | Response;
type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface App<E extends BaseEnv> {
  get(path: string, h: Handler<E>): App<E>;
  post(path: string, h: Handler<E>): App<E>;
  patch(path: string, h: Handler<E>): App<E>;
  put(path: string, h: Handler<E>): App<E>;
  delete(path: string, h: Handler<E>): App<E>;
  fetch(request: Request, env: E, ctx: ExecutionContext): Promise<Response>;
}

export function createApp<E extends BaseEnv>(service: string): App<E> {
  const router = Router<IRequest, [RequestContext<E>]>();
  const table: { method: Method; regex: RegExp }[] = [];

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
    async fetch(request, env, ctx) {
      const rc = await createContext(service, request, env, ctx);
      const instance = rc.url.pathname;
      let response: Response;
      try {
        // HEAD is answered as GET without a body.
        const routed = request.method === "HEAD" ? new Request(request, { method: "GET" }) : request;
        response = (await router.fetch(routed, rc)) ?? unmatched(table, rc, request.method);
        if (request.method === "HEAD") response = new Response(null, response);
      } catch (err) {
        response = toProblem(err, rc, instance);
      }
      return finish(response, rc);
    },
  };
  return app;
}

function unmatched(table: { method: Method; regex: RegExp }[], rc: RequestContext, method: string): Response {
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

export function toProblem(err: unknown, rc: RequestContext, instance: string): Response {
  if (err instanceof HttpError) {
    if (err.status >= 500) rc.log.warn("request failed", { status: err.status, code: err.code, detail: err.message });
    return problemResponse(err.status, err.code, err.message, { instance, requestId: rc.requestId, errors: err.extra.errors, headers: err.extra.headers });
  }
  rc.log.error("unhandled error", { err });
  return problemResponse(500, "INTERNAL", "Something went wrong on our side; the request id identifies it in our logs.", { instance, requestId: rc.requestId });
}

function finish(response: Response, rc: RequestContext): Response {
  // Responses from fetch() can be immutable; copy headers into a fresh one.
  const out = new Response(response.body, response);
  out.headers.set("x-request-id", rc.requestId);
  // Includes entries other packages provided (the data package's cache layer and db time).
  const timing = rc.timing.header({ name: rc.service });
  const upstream = out.headers.get("server-timing");
  out.headers.set("server-timing", upstream ? `${timing}, ${upstream}` : timing);
  rc.log.info("request", {
    method: rc.request.method,
    path: rc.url.pathname,
    status: out.status,
    durMs: Math.round(rc.timing.elapsed() * 10) / 10,
    user: rc.user?.sub ?? null,
  });
  return out;
}
