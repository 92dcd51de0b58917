import * as z from "zod";
import { describe, expect, it } from "vitest";
import { readBytes, readJson, readQuery } from "./body";
import { HttpError } from "./problem";

const Body = z.strictObject({
  title: z.string().min(1),
  budget: z.strictObject({ cents: z.number().int(), currency: z.string().length(3) }).optional(),
});

/** A streamed body: no Content-Length, as a chunked upload arrives. */
function streamed(chunks: Uint8Array[], headers: Record<string, string> = {}): Request {
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const chunk of chunks) c.enqueue(chunk);
      c.close();
    },
  });
  return new Request("https://svc.internal/x", { method: "POST", headers, body, duplex: "half" } as RequestInit);
}
const json = (text: string, type = "application/json") =>
  new Request("https://svc.internal/x", { method: "POST", headers: { "content-type": type }, body: text });

async function failure(p: Promise<unknown>): Promise<HttpError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HttpError);
  return err as HttpError;
}

describe("readBytes / readJson size", () => {
  it("answers 413 for a body over the limit that declares no Content-Length, reading no further", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(1024));
        if (pulled > 1000) c.close();
      },
    });
    const req = new Request("https://svc.internal/x", { method: "POST", headers: { "content-type": "application/json" }, body, duplex: "half" } as RequestInit);
    expect(req.headers.get("content-length")).toBeNull();
    const err = await failure(readJson(req, Body, 4096));
    expect(err.status).toBe(413);
    expect(err.code).toBe("PAYLOAD_TOO_LARGE");
    expect(pulled).toBeLessThan(10);
  });

  it("answers 413 from a declared Content-Length over the limit before reading, and accepts exactly the limit", async () => {
    const declared = new Request("https://svc.internal/x", { method: "POST", headers: { "content-length": "5000" }, body: "{}" });
    expect((await failure(readBytes(declared, 4096))).status).toBe(413);
    const exact = await readBytes(streamed([new Uint8Array(10), new Uint8Array(6)]), 16);
    expect(exact?.byteLength).toBe(16);
    expect((await failure(readBytes(streamed([new Uint8Array(10), new Uint8Array(7)]), 16))).status).toBe(413);
  });
});

describe("readJson", () => {
  it("parses and validates a JSON body (also +json types)", async () => {
    expect(await readJson(json('{"title":"A"}'), Body)).toEqual({ title: "A" });
    expect(await readJson(json('{"title":"B"}', "application/vnd.pitchey+json; charset=utf-8"), Body)).toEqual({ title: "B" });
  });

  it("answers 415 for a body that is not JSON by its type", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/jsonx", ""]) {
      const err = await failure(readJson(json('{"title":"A"}', type), Body));
      expect(err.status, type).toBe(415);
      expect(err.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    }
  });

  it("answers 400 MALFORMED_JSON for broken JSON", async () => {
    for (const text of ['{"title":', "{title: 'A'}", '{"title":"A"} trailing']) {
      const err = await failure(readJson(json(text), Body));
      expect(err.status).toBe(400);
      expect(err.code).toBe("MALFORMED_JSON");
    }
  });

  it("answers 400 VALIDATION_FAILED naming each field, unknown keys by their own path", async () => {
    const err = await failure(readJson(json('{"title":"","extra":1,"budget":{"cents":1.5,"currency":"USD","tip":2}}'), Body));
    expect(err.status).toBe(400);
    expect(err.code).toBe("VALIDATION_FAILED");
    const paths = err.extra.errors!.map((e) => e.path).sort();
    expect(paths).toEqual(["budget.cents", "budget.tip", "extra", "title"]);
    expect(err.message).toContain("title");
  });

  it("validates an empty body as {} (so missing fields are named), whatever its type", async () => {
    const err = await failure(readJson(new Request("https://svc.internal/x", { method: "POST" }), Body));
    expect(err.status).toBe(400);
    expect(err.extra.errors!.map((e) => e.path)).toEqual(["title"]);
  });
});

describe("readQuery", () => {
  it("validates the query string and names the parameter", () => {
    const Q = z.object({ limit: z.coerce.number().int().max(100) });
    expect(readQuery(new URL("https://x/y?limit=5"), Q)).toEqual({ limit: 5 });
    let err: unknown;
    try {
      readQuery(new URL("https://x/y?limit=500"), Q);
    } catch (e) {
      err = e;
    }
    expect((err as HttpError).extra.errors!.map((e) => e.path)).toEqual(["limit"]);
  });
});
