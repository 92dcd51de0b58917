// Contract checking: every answer an end-to-end test gets through the gateway is checked against the
// OpenAPI document the gateway itself serves (GET /api/openapi.json) — its status must be one the
// operation documents, its required headers present, its body valid for the documented media type and
// schema (Problem codes included). helpers.ts call(), the SDK's fetch in tests and the canary tests'
// gw() all go through checkAnswer(), so a test that gets an undocumented answer fails.
import { SELF } from "cloudflare:test";
import { Validator, type Schema } from "@cfworker/json-schema";
import { matchRoute } from "@pitchey/contracts/routes";

type Doc = { paths: Record<string, Record<string, Op>>; components: { headers: Record<string, { required?: boolean }> } };
type Op = { operationId: string; responses: Record<string, { headers?: Record<string, { $ref: string }>; content?: Record<string, unknown> }> };

const BASE_URI = "https://contract.pitchey.test/openapi.json";
let served: Promise<Doc> | undefined;
const validators = new Map<string, Validator>();
/** Bodies already found valid at a location: the canary tests send thousands of identical answers. */
const valid = new Set<string>();
/** How many answers were checked, by operationId (or "unrouted"): tests may assert coverage. */
export const checked = new Map<string, number>();

/** The document the gateway serves, fetched once per test file (its own answer is checked too). */
export function servedDocument(): Promise<Doc> {
  served ??= SELF.fetch("http://127.0.0.1:8787/api/openapi.json").then(async (r) => {
    if (r.status !== 200) throw new Error(`GET /api/openapi.json answered ${r.status}`);
    return (await r.json()) as Doc;
  });
  return served;
}

const pointer = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

function validator(doc: Doc, location: string): Validator {
  let v = validators.get(location);
  if (!v) {
    v = new Validator({ $ref: `${BASE_URI}#${location}` } as Schema, "2020-12", false);
    v.addSchema({ ...(doc as object), $id: BASE_URI } as Schema);
    validators.set(location, v);
  }
  return v;
}

/** Throws, saying what does not match, unless the answer is one the served document describes. */
export async function checkAnswer(method: string, url: string, status: number, headers: Headers, text: string): Promise<void> {
  const doc = await servedDocument();
  const path = new URL(url).pathname;
  const fail = (why: string) => {
    throw new Error(`contract: ${method} ${path} → ${status}: ${why}\n${text.slice(0, 600)}`);
  };
  if (!headers.get("x-request-id")) fail("no X-Request-Id");
  const type = (headers.get("content-type") ?? "").split(";")[0]!.trim();
  const json = () => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return fail("the body is not JSON");
    }
  };
  const m = matchRoute(method, path);
  if (m.kind !== "ok") {
    // No operation: an unknown path (404), another method (405), or refused before routing (400).
    if (![400, 404, 405].includes(status) && method !== "OPTIONS") fail("an unrouted request answered something other than 400/404/405");
    if (method === "OPTIONS") return;
    if (type !== "application/problem+json") fail(`unrouted answer of type ${type}`);
    const r = validator(doc, "/components/schemas/Problem").validate(json());
    if (!r.valid) fail(`not a Problem: ${JSON.stringify(r.errors.slice(-3))}`);
    checked.set("unrouted", (checked.get("unrouted") ?? 0) + 1);
    return;
  }
  const template = m.route.path.replace(/:([a-zA-Z]+)/g, "{$1}");
  const verb = m.route.method.toLowerCase();
  const op = doc.paths[template]?.[verb];
  if (!op) return fail(`${m.route.operationId} is not in the served document`);
  const answer = op.responses[String(status)];
  if (!answer) return fail(`${op.operationId} does not document ${status} (it documents ${Object.keys(op.responses).join(", ")})`);
  for (const [name, h] of Object.entries(answer.headers ?? {})) {
    const declared = doc.components.headers[h.$ref.split("/").pop()!];
    if (declared?.required && !headers.has(name)) fail(`required header ${name} is missing`);
  }
  checked.set(op.operationId, (checked.get(op.operationId) ?? 0) + 1);
  if (method === "HEAD" || status === 304 || status === 204) {
    if (text !== "") fail("a body where none is sent");
    return;
  }
  if (!answer.content) return fail("a body where the document says none");
  if (!(type in answer.content)) fail(`content type ${type}; documented: ${Object.keys(answer.content).join(", ")}`);
  if (!type.endsWith("json")) return;
  const location = `/paths/${pointer(template)}/${verb}/responses/${status}/content/${pointer(type)}/schema`;
  const seen = text.length < 2_048 ? `${location}\n${text}` : null;
  if (seen && valid.has(seen)) return;
  const r = validator(doc, location).validate(json());
  if (r.valid && seen) valid.add(seen);
  if (!r.valid)
    fail(`the body does not match ${location}: ${JSON.stringify(r.errors.filter((e) => e.keyword !== "$ref" && e.keyword !== "allOf").slice(0, 5))}`);
}
