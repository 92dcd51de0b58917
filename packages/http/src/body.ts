// Reading input: JSON bodies and query strings, validated by the contracts' zod schemas.
import type * as z from "zod";
import type { FieldError } from "@pitchey/contracts";
import { HttpError, badRequest } from "./problem";

export const DEFAULT_MAX_BODY = 64 * 1024;

export function zodErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((i) => {
    // Unknown keys: name the key itself, not the object holding it.
    const keys = i.code === "unrecognized_keys" ? (i as { keys: string[] }).keys : [undefined];
    return keys.map((k) => ({ path: [...i.path, ...(k ? [k] : [])].map(String).join(".") || "(body)", message: i.message }));
  });
}

export function validate<S extends z.ZodType>(schema: S, input: unknown, where: string): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) {
    const errors = zodErrors(r.error);
    throw badRequest(`Invalid ${where}: ${errors.map((e) => e.path).join(", ")}.`, errors);
  }
  return r.data;
}

/** Reads what is left of a refused body and throws it away, up to `budget` bytes (then cancels).
 *  A server that answers and closes while the client is still sending makes the connection reset,
 *  and the client never reads the answer: the public edge lets the client finish first. */
async function discard(reader: ReadableStreamDefaultReader<Uint8Array>, budget: number): Promise<void> {
  let left = budget;
  while (left > 0) {
    const { done, value } = await reader.read();
    if (done) return;
    left -= value.byteLength;
  }
  await reader.cancel();
}

/** Discards a body nothing read (the request was refused before its body mattered: 401, 404, 405…),
 *  up to `budget` bytes; see discard. */
export async function discardBody(request: Request, budget: number): Promise<void> {
  if (!request.body || request.bodyUsed || request.body.locked) return;
  const declared = Number(request.headers.get("content-length") ?? "0");
  const reader = request.body.getReader();
  if (declared > budget) return reader.cancel();
  await discard(reader, budget);
}

/** The raw body, refusing (413) anything over maxBytes whatever Content-Length claims. `drainUpTo`:
 *  before refusing, read and discard the rest of a body up to that size in all (see discard). */
export async function readBytes(request: Request, maxBytes: number, opts: { drainUpTo?: number } = {}): Promise<Uint8Array | null> {
  const tooLarge = () => new HttpError(413, "PAYLOAD_TOO_LARGE", `The body must be at most ${maxBytes} bytes.`);
  const drainUpTo = opts.drainUpTo ?? 0;
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    if (request.body && declared <= drainUpTo) await discard(request.body.getReader(), drainUpTo);
    throw tooLarge();
  }
  if (!request.body) return null;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await discard(reader, drainUpTo - size);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) {
    all.set(c, off);
    off += c.byteLength;
  }
  return all;
}

async function readLimited(request: Request, maxBytes: number): Promise<string> {
  const bytes = await readBytes(request, maxBytes);
  return bytes ? new TextDecoder().decode(bytes) : "";
}

/** Parses and validates a JSON body: 415 wrong type, 413 too big, 400 malformed or invalid. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S, maxBytes = DEFAULT_MAX_BODY): Promise<z.infer<S>> {
  const type = request.headers.get("content-type") ?? "";
  const text = await readLimited(request, maxBytes);
  if (text.trim() === "") return validate(schema, {}, "body");
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new HttpError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json.");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HttpError(400, "MALFORMED_JSON", "The body is not valid JSON.");
  }
  return validate(schema, json, "body");
}

/** Validates the query string; a repeated parameter counts as its last value. */
export function readQuery<S extends z.ZodType>(url: URL, schema: S): z.infer<S> {
  return validate(schema, Object.fromEntries(url.searchParams), "query");
}
