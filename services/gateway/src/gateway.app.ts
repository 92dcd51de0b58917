// The gateway's request pipeline (docs/architecture.md): the shared outer stage (request id,
// Server-Timing, one log line, problem+json for every error), then what only the gateway does —
// reading what a refused request still sends (drain.ts); labels, security headers and traffic
// figures; the fault switch (local and test instances only, FAULT_SWITCH); CORS; the API version (and deprecations); the route table; the caller's identity; the
// canary arm; the response cache for anonymous public reads; forwarding through the arm's binding.
import { clientAddress, createContext, pipeline, respond, toProblem } from "@pitchey/http";
import { faultInjection } from "@pitchey/data";
import { chooseArm } from "./arm";
import { authenticateStage } from "./authenticate";
import { cors } from "./cors";
import { drainUnread } from "./drain";
import { forward } from "./forward";
import type { Env } from "./env";
import type { Gw } from "./gateway.context";
import { observe } from "./observe";
import { responseCache } from "./response-cache";
import { route } from "./route";
import { versioned } from "./versioned";

const run = pipeline<Gw>(
  [respond(), drainUnread, observe, cors, versioned(), faultInjection<Env>("gateway"), route, authenticateStage, chooseArm, responseCache, forward],
  toProblem,
);

export function handle(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const rc = createContext("gateway", request, env, ctx) as Gw;
  rc.address = clientAddress(request.headers);
  rc.route = null;
  rc.auth = null;
  rc.target = null;
  return run(rc);
}
