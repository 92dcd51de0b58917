// Requests generated from the OpenAPI document the gateway serves (read at run time, so whatever the
// document describes — parameters, bodies, headers — gets fuzzed), each a valid request with one
// thing made hostile: wrong types, sizes and encodings, NUL and lone surrogates, injection strings,
// deep or huge bodies, wrong content types, bad cursors and ids. Seeded: the same seed and document
// give the same cases.
import type { Call } from "./http";
import type { Random } from "./random";

type Schema = Record<string, any>;
export interface Operation {
  method: string;
  /** OpenAPI path template ("/api/pitches/{id}"). */
  path: string;
  params: { name: string; in: "path" | "query" | "header"; schema: Schema }[];
  body: Schema | null;
}

export interface FuzzCase {
  op: Operation;
  /** What was made hostile ("query limit: 1e999"). */
  mutation: string;
  call: Omit<Call, "token">;
}

/** What the fuzzer needs to build valid requests: ids that exist. */
export interface FuzzContext {
  /** Real ids by path parameter name (a pitch, an NDA, an investment the caller may see). */
  ids: Record<string, string>;
  /** A published pitch id, for bodies that name a pitch. */
  pitchId: string;
}

const HTTP_METHODS = ["get", "post", "put", "patch", "delete"];

export function operations(doc: any): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths ?? {})) {
    for (const m of HTTP_METHODS) {
      const op = item[m];
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])]
        .map((p: any) => resolve(doc, p))
        .filter((p: any) => ["path", "query", "header"].includes(p.in));
      const body = op.requestBody ? resolve(doc, resolve(doc, op.requestBody).content?.["application/json"]?.schema ?? null) : null;
      out.push({
        method: m.toUpperCase(),
        path,
        params: params.map((p: any) => ({ name: p.name, in: p.in, schema: resolve(doc, p.schema ?? {}) })),
        body: body ? deref(doc, body) : null,
      });
    }
  }
  return out;
}

function resolve(doc: any, node: any): any {
  let n = node;
  for (let i = 0; n && typeof n.$ref === "string" && i < 20; i++)
    n = n.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce((o: any, k: string) => o?.[k.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
  return n;
}

/** The schema with every $ref replaced (to a bounded depth). */
function deref(doc: any, node: any, depth = 0): any {
  if (depth > 12 || node === null || typeof node !== "object") return node;
  const n = resolve(doc, node);
  if (Array.isArray(n)) return n.map((x) => deref(doc, x, depth + 1));
  return Object.fromEntries(Object.entries(n).map(([k, v]) => [k, deref(doc, v, depth + 1)]));
}

const EMAIL_FIELDS = /email/i;

/** A valid value of the schema; `name` helps for ids and emails. */
export function sample(s: Schema, ctx: FuzzContext, name = ""): unknown {
  if (!s || typeof s !== "object") return null;
  if ("const" in s) return s.const;
  if (s.enum) return s.enum[0];
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return sample(alts.find((a: Schema) => a.type !== "null") ?? alts[0], ctx, name);
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== "null") : s.type;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries<Schema>(s.properties ?? {})) if ((s.required ?? []).includes(k) || !("default" in v)) out[k] = sample(v, ctx, k);
      return out;
    }
    case "array":
      return s.minItems ? Array.from({ length: s.minItems }, () => sample(s.items ?? {}, ctx, name)) : [];
    case "integer":
    case "number":
      return Math.max(s.minimum ?? 0, s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1, 1) <= (s.maximum ?? Infinity)
        ? Math.max(s.minimum ?? 1, 1)
        : s.minimum;
    case "boolean":
      return false;
    case "string": {
      if (/id$/i.test(name) && s.pattern?.includes("[1-9]")) return ctx.ids[name] ?? ctx.pitchId;
      if (s.format === "email" || EMAIL_FIELDS.test(name)) return `fuzz-${Math.floor(Math.random() * 1e9)}@fuzz.pitchey.dev`;
      if (s.pattern === "^[A-Z]{3}$") return "USD";
      if (s.pattern && /\[0-9\]/.test(s.pattern)) return "10";
      const min = Math.max(s.minLength ?? 1, 1);
      return "fuzz".repeat(Math.ceil(min / 4)).slice(0, Math.max(min, Math.min(12, s.maxLength ?? 12)));
    }
    default:
      return "fuzz";
  }
}

/** Strings that break naive code: NUL, lone surrogates, injections, odd Unicode. (JSON.stringify
 *  writes a lone surrogate as a \ud800 escape, which is what a hostile client sends.) */
const NASTY_STRINGS = [
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\ud83d",
  "' OR '1'='1",
  "'; drop table pitch.pitches; --",
  '"); select pg_sleep(5); --',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant as plain text
  "${7*7}{{7*7}}<%= 7*7 %>",
  "<script>alert(1)</script>",
  "../../../../etc/passwd",
  "%00%ff%c0%ae",
  "\u202e\u200b\ufeff",
  "𝓟𝓲𝓽𝓬𝓱𝓮𝔂 🎬",
  "\r\nX-Injected: 1",
  " ",
  "",
  "null",
  "NaN",
];
const WRONG_TYPES: unknown[] = [0, -1, 1.5, 1e308, -1e308, true, false, null, [], [1, 2], {}, { $gt: "" }, "1", "true", "[]"];
/** Raw query/path values, percent-encoded as sent. */
const NASTY_RAW = [
  "%00",
  "a%00b",
  "%ED%A0%80",
  "%C0%AF",
  "%FF%FE",
  "%",
  "%zz",
  "1e999",
  "-1",
  "0",
  "9223372036854775808",
  "99999999999999999999999",
  "1.5",
  "0x10",
  "NaN",
  "Infinity",
  "%27%20OR%201%3D1--",
  "%3Cscript%3E",
  "..%2F..%2F",
  "%20",
  "",
  "a".repeat(5000),
  "%E2%80%AE",
  "true",
];
/** Cursors: not base64, base64 of junk, of impossible keys, of overflowing numbers. */
function nastyCursors(): string[] {
  const b64 = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");
  return [
    "!!!",
    "AAAA",
    "%00",
    b64("not json"),
    b64({}),
    b64([]),
    b64(null),
    b64({ k: "new", t: "9999-99-99T99:99:99Z", id: "1" }),
    b64({ k: "new", t: "2026-01-01T00:00:00Z", id: "99999999999999999999" }),
    b64('{"k":1e999,"id":"1"}'),
    b64('{"k":"popular","v":1e999,"id":"1"}'),
    b64({ k: "trending", v: "NaN", id: "-1" }),
    b64({ k: "inv", id: "0" }),
    b64({ k: "inv", id: "1; drop table x" }),
    b64("\u0000"),
    "a".repeat(4000),
  ];
}
const BAD_IDS = [
  "0",
  "-1",
  "1.5",
  "abc",
  "1e3",
  "99999999999999999999999",
  "9223372036854775808",
  "%00",
  "%ED%A0%80",
  "%2e%2e",
  "..",
  "1%20OR%201=1",
  "%27",
  "a".repeat(300),
  "%F0%9F%8E%AC",
  "1;",
  "0x1",
];

function fieldsOf(s: Schema | null): [string, Schema][] {
  if (!s) return [];
  const alts = s.anyOf ?? s.oneOf;
  const obj = alts ? alts.find((a: Schema) => a.type === "object") : s;
  return Object.entries<Schema>(obj?.properties ?? {});
}

function templatePath(op: Operation, ctx: FuzzContext, override?: { name: string; raw: string }): string {
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => (override?.name === name ? override.raw : encodeURIComponent(ctx.ids[name] ?? ctx.pitchId)));
}

function queryOf(op: Operation, ctx: FuzzContext, extra: string[] = []): string {
  const valid = op.params
    .filter((p) => p.in === "query" && p.schema.enum)
    .slice(0, 1)
    .map((p) => `${p.name}=${encodeURIComponent(String(sample(p.schema, ctx, p.name)))}`);
  const q = [...valid, ...extra];
  return q.length ? `?${q.join("&")}` : "";
}

/** One case for `op`, chosen by `rnd`. */
export function fuzzCase(op: Operation, ctx: FuzzContext, rnd: Random): FuzzCase {
  const body = op.body ? sample(op.body, ctx) : undefined;
  const headers: Record<string, string> = {};
  for (const p of op.params.filter((x) => x.in === "header")) headers[p.name.toLowerCase()] = String(sample(p.schema, ctx, p.name));
  if (/idempotency-key/.test(Object.keys(headers).join())) headers["idempotency-key"] = crypto.randomUUID();
  const base = (path = templatePath(op, ctx), q = ""): FuzzCase["call"] => ({
    method: op.method,
    path: path + q,
    headers: { ...headers },
    ...(body !== undefined ? { json: body } : {}),
  });
  const pathParams = op.params.filter((p) => p.in === "path");
  const queryParams = op.params.filter((p) => p.in === "query");
  const fields = fieldsOf(op.body);
  const kinds: string[] = ["header", "method-path"];
  if (pathParams.length) kinds.push("path id", "path id");
  if (queryParams.length) kinds.push("query", "query", "query", "unknown query");
  if (op.body)
    kinds.push(
      "field type",
      "field type",
      "field string",
      "field string",
      "field size",
      "unknown field",
      "missing field",
      "whole body",
      "whole body",
      "content type",
      "encoding",
    );
  else if (op.method !== "GET") kinds.push("whole body", "content type");
  const kind = rnd.pick(kinds);
  switch (kind) {
    case "path id": {
      const p = rnd.pick(pathParams);
      const raw = rnd.pick(BAD_IDS);
      return { op, mutation: `path ${p.name}: ${raw.slice(0, 40)}`, call: base(templatePath(op, ctx, { name: p.name, raw })) };
    }
    case "query": {
      const p = rnd.pick(queryParams);
      const raw = p.name === "cursor" && rnd.chance(0.6) ? encodeURIComponent(rnd.pick(nastyCursors())) : rnd.pick(NASTY_RAW);
      const dup = rnd.chance(0.1) ? `&${p.name}=${raw}` : "";
      return {
        op,
        mutation: `query ${p.name}: ${raw.slice(0, 40)}${dup ? " (twice)" : ""}`,
        call: base(templatePath(op, ctx), queryOf(op, ctx, [`${p.name}=${raw}${dup}`])),
      };
    }
    case "unknown query": {
      const raw = rnd.pick(NASTY_RAW);
      return {
        op,
        mutation: `unknown query: ${raw.slice(0, 40)}`,
        call: base(templatePath(op, ctx), queryOf(op, ctx, [`${rnd.pick(["__proto__", "constructor", "x", "limit[]", "a.b", "%00"])}=${raw}`])),
      };
    }
    case "field type": {
      const [name] = rnd.pick(fields);
      const v = rnd.pick(WRONG_TYPES);
      return { op, mutation: `field ${name}: ${JSON.stringify(v)}`, call: { ...base(), json: { ...(body as object), [name]: v } } };
    }
    case "field string": {
      const [name] = rnd.pick(fields);
      const v = rnd.pick(NASTY_STRINGS);
      return { op, mutation: `field ${name}: ${JSON.stringify(v)}`, call: { ...base(), json: { ...(body as object), [name]: v } } };
    }
    case "field size": {
      const [name, s] = rnd.pick(fields);
      const max = s.maxLength ?? s.anyOf?.find((a: Schema) => a.maxLength)?.maxLength ?? 1000;
      const v = rnd.pick(["x".repeat(max + 1), "é".repeat(max + 1), "🎬".repeat(Math.ceil(max / 2) + 1), 10 ** 20, -(10 ** 20), Number.MAX_SAFE_INTEGER + 2]);
      return {
        op,
        mutation: `field ${name}: ${typeof v === "string" ? `${v.length} chars` : v}`,
        call: { ...base(), json: { ...(body as object), [name]: v } },
      };
    }
    case "unknown field": {
      const name = rnd.pick(["__proto__", "constructor", "id", "creatorId", "status", "role", "isAdmin", "viewCount", "\u0000"]);
      const raw = `{${JSON.stringify(body).slice(1, -1)}${Object.keys(body as object).length ? "," : ""}${JSON.stringify(name)}:${JSON.stringify(rnd.pick([1, "x", { polluted: true }, null]))}}`;
      return {
        op,
        mutation: `unknown field ${JSON.stringify(name)}`,
        call: { method: op.method, path: templatePath(op, ctx), headers: { ...headers, "content-type": "application/json" }, body: raw },
      };
    }
    case "missing field": {
      const [name] = rnd.pick(fields);
      const { [name]: _gone, ...rest } = body as Record<string, unknown>;
      return { op, mutation: `without field ${name}`, call: { ...base(), json: rest } };
    }
    case "whole body": {
      const json = JSON.stringify(body ?? {});
      // Built when picked: some are megabytes.
      const choices: [string, () => string][] = [
        ["invalid JSON", () => '{"a":'],
        ["empty body", () => ""],
        ["JSON array", () => "[1,2,3]"],
        ["JSON number", () => "42"],
        ["JSON null", () => "null"],
        ["JSON string", () => '"x"'],
        ["deep nesting (10,000)", () => `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`],
        ["deep arrays (50,000)", () => "[".repeat(50_000) + "]".repeat(50_000)],
        ["70 KB body", () => `${json.slice(0, -1)}${json.length > 2 ? "," : ""}"pad":"${"x".repeat(70_000)}"}`],
        ["2 MB body", () => JSON.stringify({ pad: "x".repeat(2_000_000) })],
        ["duplicate keys", () => `{"a":1,"a":2${json.length > 2 ? "," : ""}${json.slice(1)}`],
        ["trailing garbage", () => `${json}garbage`],
        ["wide object (10,000 keys)", () => JSON.stringify(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])))],
      ];
      const [what, make] = rnd.pick(choices);
      const raw = make();
      return {
        op,
        mutation: what,
        call: { method: op.method, path: templatePath(op, ctx), headers: { ...headers, "content-type": "application/json" }, body: raw },
      };
    }
    case "content type": {
      const ct = rnd.pick([
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
        "application/json; charset=latin1",
        "application/jsonx",
        "",
        "*/*",
        "application/json, text/plain",
      ]);
      const h = { ...headers };
      if (ct) h["content-type"] = ct;
      return {
        op,
        mutation: `content-type "${ct}"`,
        call: { method: op.method, path: templatePath(op, ctx), headers: h, body: ct.startsWith("application/x-www") ? "a=1&b=2" : JSON.stringify(body ?? {}) },
      };
    }
    case "encoding": {
      const json = Buffer.from(JSON.stringify(body));
      const choices: [string, Buffer][] = [
        ["invalid UTF-8 bytes", Buffer.concat([json.subarray(0, json.length - 2), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), json.subarray(json.length - 2)])],
        ["UTF-8 BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json])],
        ["UTF-16LE body", Buffer.from(JSON.stringify(body), "utf16le")],
        ["overlong UTF-8 NUL", Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xc0, 0x80]), Buffer.from('"}')])],
        ["CESU-8 surrogate", Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')])],
      ];
      const [what, raw] = rnd.pick(choices);
      return {
        op,
        mutation: what,
        call: { method: op.method, path: templatePath(op, ctx), headers: { ...headers, "content-type": "application/json" }, body: raw },
      };
    }
    case "header": {
      const choices: [string, Record<string, string>][] = [
        ["authorization garbage", { authorization: "Bearer abc.def.ghi" }],
        [
          "authorization none alg",
          {
            authorization: `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${Buffer.from('{"sub":"1","role":"investor"}').toString("base64url")}.`,
          },
        ],
        ["authorization basic", { authorization: "Basic YWRtaW46YWRtaW4=" }],
        ["authorization huge", { authorization: `Bearer ${"a".repeat(8_000)}` }],
        ["idempotency-key too long", { "idempotency-key": "k".repeat(300) }],
        ["idempotency-key non-ASCII", { "idempotency-key": "clé" }],
        ["x-request-id hostile", { "x-request-id": "<script>\u0001" }],
        ["pitchey-client hostile", { "pitchey-client": "'; drop table--" }],
        ["if-none-match garbage", { "if-none-match": '"\u0001", W/' }],
        ["if-match garbage", { "if-match": '*, "x' }],
        ["origin hostile", { origin: "https://evil.example" }],
        ["x-pitchey-arm forced", { "x-pitchey-arm": "canary" }],
        ["accept odd", { accept: "application/xml;q=2, */*;q=-1" }],
      ];
      const [what, h] = rnd.pick(choices);
      const call = base();
      return {
        op,
        mutation: what,
        call: {
          ...call,
          headers: { ...call.headers, ...Object.fromEntries(Object.entries(h).map(([k, v]) => [k, v.replace(/[^\t\x20-\x7e\x80-\xff]/g, "")])) },
        },
      };
    }
    default: {
      const p = templatePath(op, ctx);
      const choices: [string, Call["method"], string][] = [
        ["double slashes", op.method, p.replace(/\//g, "//")],
        ["trailing dot segment", op.method, `${p}/.`],
        ["encoded dot dot", op.method, `${p}/%2e%2e/%2e%2e/api/health`],
        ["percent-encoded NUL in path", op.method, `${p}%00`],
        ["lower-case method", op.method.toLowerCase(), p],
        ["HEAD", "HEAD", p],
        ["OPTIONS", "OPTIONS", p],
        ["TRACE", "TRACE", p],
        ["PUT", "PUT", p],
        ["unknown method", "PURGE", p],
        ["very long path", op.method, `${p}/${"a".repeat(6_000)}`],
        ["matrix params", op.method, `${p};jsessionid=1`],
        ["fragment in target", op.method, `${p}#frag`],
      ];
      const [what, method, path] = rnd.pick(choices);
      return { op, mutation: what, call: { ...base(path), method } };
    }
  }
}
