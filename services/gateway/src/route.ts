// Which declared route the request is for (the zod-free route table, @pitchey/contracts/routes): 404
// for an unknown path, 405 with Allow for a known path and another method.
import { matchRoute } from "@pitchey/contracts/routes";
import { HttpError, type Stage } from "@pitchey/http";
import type { Gw } from "./gateway.context";

export const route: Stage<Gw> = (rc, next) => {
  const { method } = rc.request;
  const path = rc.url.pathname;
  const match = matchRoute(method, path);
  if (match.kind === "none") throw new HttpError(404, "NOT_FOUND", `No route for ${method} ${path}.`);
  if (match.kind === "method") {
    const allow = match.allow.includes("GET") ? [...match.allow, "HEAD"] : match.allow;
    throw new HttpError(405, "METHOD_NOT_ALLOWED", `${method} is not allowed on ${path}.`, { headers: { allow: allow.join(", ") } });
  }
  rc.route = match.route;
  return next();
};
