// The benchmark's monolith arm: the gateway's pipeline calling the pitch service's app in-process
// (no service binding), in one Worker — what the mesh is compared with (tools/bench/mesh.ts).
// Not in tools' typecheck (tsconfig exclude): it compiles the gateway and pitch together, whose generated
// binding types each declare the Worker's global module; each service typechecks its own side.
import { handle } from "../../services/gateway/src/gateway.app";
import type { Env } from "../../services/gateway/src/env";
import PitchService from "../../services/pitch/src/index";

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const pitch = new PitchService(ctx, env as never);
    return handle(request, { ...env, PITCH: { fetch: (r: Request) => pitch.fetch(r) } as unknown as Fetcher }, ctx);
  },
};
