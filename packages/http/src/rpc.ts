// Serving one RPC call (a WorkerEntrypoint method) or one cron run, as respond.ts serves a request:
// a context that carries the caller's request id and trace (contracts' CallTrace), one JSON log line
// when it ends, an unhandled error reported to Sentry before it travels back to the caller (where
// only its message survives), and the call as a Sentry transaction when sampled (sentry.ts).
//
// @example
//   getUsers(ids: string[], trace?: CallTrace) {
//     return serveRpc("auth", "getUsers", this.env, this.ctx, trace, (rc) => rpc.getUsers(rc, ids));
//   }
import { rpcContext, type BaseEnv, type RequestContext } from "./context";
import { reportError, reportRequest } from "./sentry";

export async function serveRpc<E extends BaseEnv, T>(
  service: string,
  method: string,
  env: E,
  ctx: ExecutionContext,
  trace: unknown,
  work: (rc: RequestContext<E>) => Promise<T>,
): Promise<T> {
  const rc = await rpcContext(service, method, env, ctx, trace);
  const line = (outcome: "ok" | "error") => ({ rpc: `${service}.${method}`, outcome, durMs: Math.round(rc.timing.elapsed() * 10) / 10, ...rc.logFields });
  try {
    const out = await work(rc);
    rc.log.info("rpc", line("ok"));
    reportRequest(rc, 200, `${service}.${method}`, "rpc");
    return out;
  } catch (err) {
    rc.log.error("rpc failed", { ...line("error"), err });
    reportError(rc, err);
    reportRequest(rc, 500, `${service}.${method}`, "rpc");
    throw err;
  }
}
