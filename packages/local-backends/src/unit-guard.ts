// The unit tier's guard (vitest.unit.config.ts loads unit-setup.ts, which installs it): a unit test
// that reaches for Postgres, Redis or anything else over a socket fails at once with this message,
// instead of hanging on a connect or passing only on machines that happen to run the servers.
import net from "node:net";

export const NETWORK_REFUSED =
  "unit tests reach no network (no Postgres, no Redis, no fetch): move this test to its package's integration tier (a *.spec.ts, not *.unit.spec.ts)";

let installed = false;

/** Every outgoing socket (pg, node-redis, ws, undici's fetch all end in Socket#connect) and the
 *  global fetch throw NETWORK_REFUSED; the back-ends' addresses are taken out of the environment. */
export function forbidNetwork(): void {
  if (installed) return;
  installed = true;
  net.Socket.prototype.connect = function refuse(): never {
    throw new Error(NETWORK_REFUSED);
  };
  globalThis.fetch = () => Promise.reject(new Error(NETWORK_REFUSED));
  for (const name of ["DATABASE_URL", "TEST_OWNER_DATABASE_URL", "REDIS_URL", "UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN"]) delete process.env[name];
}
