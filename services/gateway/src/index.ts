// pitchey-gateway: the only public Worker. Wiring only; the pipeline is in gateway.app.ts.
import { handle } from "./gateway.app";
import type { Env } from "./gateway.context";

export default {
  fetch: (request, env, ctx) => handle(request, env, ctx),
} satisfies ExportedHandler<Env>;
