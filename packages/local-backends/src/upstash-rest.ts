// Upstash's REST API (what `@upstash/redis` calls), in front of a real Redis or the embedded one
// (redis-engine.ts). Replies are RESP2-shaped (HGETALL is a flat array) exactly as Upstash sends them.
import type { IncomingMessage, ServerResponse } from "node:http";
import { timingSafeEqual } from "node:crypto";
import { redisEngine, type Reply } from "./redis-engine";

type Command = (string | number | boolean | null)[];

function encode(value: Reply): Reply {
  if (typeof value === "string") return Buffer.from(value, "utf8").toString("base64");
  if (Array.isArray(value)) return value.map(encode);
  return value;
}

function toArgs(cmd: Command): string[] {
  return cmd.map((a) => (typeof a === "string" ? a : a === null ? "" : String(a)));
}

/** A command's kind for the counts: its name and its key's first two ":" segments (EVAL: its first key). */
function kindOf(cmd: Command): string {
  const name = String(cmd[0]).toUpperCase();
  const key = name === "EVAL" || name === "EVALSHA" ? cmd[3] : cmd[1];
  return `${name} ${String(key ?? "")
    .split(":")
    .slice(0, 2)
    .join(":")}`.trim();
}

export function createUpstashHandler(redisUrl: string, token: string) {
  const engine = redisEngine(redisUrl);
  const expected = Buffer.from(`Bearer ${token}`);

  async function exec(cmd: Command): Promise<{ result: Reply } | { error: string }> {
    try {
      return { result: await engine.command(toArgs(cmd)) };
    } catch (err) {
      return { error: (err as Error).message };
    }
  }

  /** Answers one REST call; what it cost as Upstash bills it: commands run (and what each was, as
   *  "<COMMAND> <key's first two segments>"), and the answer's bytes. */
  async function handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<{ commands: number; kinds: string[]; bytes: number }> {
    let kinds: string[] = [];
    let bytes = 0;
    const send = (status: number, payload: unknown) => {
      const text = JSON.stringify(payload);
      bytes = Buffer.byteLength(text);
      res.writeHead(status, { "content-type": "application/json" });
      res.end(text);
      return { commands: kinds.length, kinds, bytes };
    };
    const auth = Buffer.from(String(req.headers.authorization ?? ""));
    if (auth.length !== expected.length || !timingSafeEqual(auth, expected)) return send(401, { error: "Unauthorized" });
    let parsed: unknown;
    try {
      parsed = JSON.parse(body || "null");
    } catch {
      return send(400, { error: "ERR failed to parse request body" });
    }
    try {
      await engine.ready;
    } catch (err) {
      return send(500, { error: `ERR redis unreachable: ${(err as Error).message}` });
    }
    const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    const out = (r: { result: Reply } | { error: string }) => ("result" in r && base64 ? { result: encode(r.result) } : r);
    const path = (req.url ?? "/").split("?")[0]!.replace(/\/+$/, "");

    if (path === "") {
      if (!Array.isArray(parsed) || parsed.length === 0) return send(400, { error: "ERR command must be a non-empty array" });
      kinds = [kindOf(parsed as Command)];
      const r = await exec(parsed as Command);
      return send("error" in r ? 400 : 200, out(r));
    }
    if (path === "/pipeline" || path === "/multi-exec") {
      if (!Array.isArray(parsed) || parsed.some((c) => !Array.isArray(c) || c.length === 0)) {
        return send(400, { error: "ERR body must be an array of commands" });
      }
      const batch = parsed as Command[];
      kinds = batch.map(kindOf);
      if (path === "/pipeline") return send(200, (await Promise.all(batch.map(exec))).map(out));
      let replies: (Reply | Error)[];
      try {
        replies = await engine.transaction(batch.map(toArgs));
      } catch (err) {
        return send(400, { error: (err as Error).message });
      }
      return send(
        200,
        replies.map((r) => out(r instanceof Error ? { error: r.message } : { result: r })),
      );
    }
    return send(404, { error: "not found" });
  }

  return {
    handle,
    close: () => engine.close(),
  };
}
