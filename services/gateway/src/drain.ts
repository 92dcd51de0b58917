// A request refused before its body was read (401 for a bad token, 404, 405, a 413 from the size
// check) still has its body read and thrown away, up to a bound, before the answer goes out: a server
// that answers and closes while the client is still sending resets the connection, and the client
// never reads the answer (through the local edge it became a 502).
import { discardBody, type Stage } from "@pitchey/http";
import type { Gw } from "./gateway.context";

/** Past this the connection may reset: nobody sends 16 MiB to this API by mistake. */
export const DRAIN_BODY_BYTES = 16 * 1024 * 1024;

export const drainUnread: Stage<Gw> = async (rc, next) => {
  try {
    return await next();
  } finally {
    await discardBody(rc.request, DRAIN_BODY_BYTES).catch(() => {});
  }
};
