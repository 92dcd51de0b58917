// Neon's WebSocket proxy (what `Pool`/`Client` use): each binary message is raw Postgres wire bytes.
// With TLS off it is a byte pipe to Postgres's TCP port; only loopback targets are allowed.
import type { IncomingMessage } from "node:http";
import { connect, type Socket } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** delayMs (benchmarks, and the control's "slow database"): each message from the driver is written
 *  to Postgres this many ms late, read when the connection opens (one duration per connection, and
 *  timers of one duration fire in order, so the byte stream stays in order): about one emulated
 *  round trip per protocol exchange. */
export function createNeonWsProxy(
  defaultTarget: { host: string; port: number },
  override: () => number | null = () => null,
  delay: number | (() => number) = 0,
) {
  const delayNow = typeof delay === "number" ? () => delay : delay;
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<Socket>();

  wss.on("connection", (ws: WebSocket, req: IncomingMessage) => {
    const address = new URL(req.url ?? "/", "http://x").searchParams.get("address");
    let host = defaultTarget.host;
    let port = defaultTarget.port;
    if (address) {
      const i = address.lastIndexOf(":");
      const h = i > 0 ? address.slice(0, i) : address;
      const p = i > 0 ? Number(address.slice(i + 1)) : 5432;
      if (!LOOPBACK.has(h) || !Number.isInteger(p)) {
        ws.close(1008, "only loopback Postgres targets are proxied");
        return;
      }
      host = h.replace(/^\[|\]$/g, "");
      port = p;
    }
    const delayMs = delayNow();
    const tcp = connect({ host, port: override() ?? port });
    sockets.add(tcp);
    tcp.setNoDelay(true);
    const pending: Buffer[] = [];
    let open = false;
    tcp.on("connect", () => {
      open = true;
      for (const chunk of pending) tcp.write(chunk);
      pending.length = 0;
    });
    const forward = (chunk: Buffer) => {
      if (tcp.destroyed || tcp.writableEnded) return; // closed while a delayed message waited
      // 'X' with length 4 is Terminate: close the TCP side once it is written.
      const terminate = chunk.length === 5 && chunk[0] === 0x58;
      if (open) tcp.write(chunk);
      else pending.push(chunk);
      if (terminate) tcp.end();
    };
    ws.on("message", (data: Buffer | ArrayBuffer | Buffer[]) => {
      const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (delayMs > 0) setTimeout(forward, delayMs, chunk);
      else forward(chunk);
    });
    tcp.on("data", (chunk) => {
      if (ws.readyState === ws.OPEN) ws.send(chunk);
    });
    const closeBoth = () => {
      sockets.delete(tcp);
      tcp.destroy();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
    };
    tcp.on("close", closeBoth);
    tcp.on("error", closeBoth);
    ws.on("close", () => tcp.end());
    ws.on("error", closeBoth);
  });

  return {
    wss,
    close() {
      for (const s of sockets) s.destroy();
      for (const c of wss.clients) c.terminate();
      wss.close();
    },
  };
}
