// pitchey-gateway: the only public Worker. Wiring only; the pipeline is in gateway.app.ts.
import { useSentry, viaHealth } from "@pitchey/http";
import { handle } from "./gateway.app";
import type { Env } from "./env";

// Sentry reports go to the health Worker, which carries the SDK (packages/http sentry-relay.ts).
useSentry(viaHealth);

export default {
  fetch: (request, env, ctx) => handle(request, env, ctx),
} satisfies ExportedHandler<Env>;
