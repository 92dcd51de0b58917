// One PGlite in a worker thread (plain JavaScript: worker threads load no TypeScript). PGlite runs
// synchronously in WebAssembly, so a slow statement (pg_sleep, a big seed) blocks this thread rather
// than the stand-ins' event loop. Messages from embedded-postgres.ts: {id, op: "exec", msgs} runs
// wire-protocol messages in order and answers each one's output; "dump" answers a tarball of the
// data directory; "close" closes. workerData: {dir: folder or null for memory, template: tarball or null}.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

const { dir, template } = workerData;
const db = await PGlite.create(dir ?? "memory://", template ? { loadDataDir: new Blob([template]) } : {});

parentPort.on("message", async ({ id, op, msgs }) => {
  try {
    if (op === "exec") {
      const outs = [];
      for (const m of msgs) outs.push(await db.execProtocolRaw(m));
      parentPort.postMessage({ id, outs });
    } else if (op === "dump") {
      const tar = await db.dumpDataDir("none");
      parentPort.postMessage({ id, tar: new Uint8Array(await tar.arrayBuffer()) });
    } else if (op === "close") {
      await db.close();
      parentPort.postMessage({ id });
      parentPort.close();
    }
  } catch (err) {
    parentPort.postMessage({ id, error: String(err?.message ?? err) });
  }
});
parentPort.postMessage({ ready: true });
