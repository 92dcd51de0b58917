// /docs: the API reference, rendered here from the OpenAPI document — operations by tag (who may call
// them, parameters, request and response schemas, errors with their codes, examples), the schemas,
// and the conventions. Plain HTML and one inline stylesheet: no script, nothing fetched from anywhere.
import { SchemaDocs, esc, inline, markdown, schemaLink, slug } from "./docs.schema";

type Schema = Record<string, any>;
type Doc = {
  info: { title: string; version: string; description: string };
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Schema>>;
  components: Record<string, Record<string, Schema>>;
};

export const DOCS_CSS = `*{box-sizing:border-box}body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1f2328;display:grid;grid-template-columns:17rem 1fr}
nav{position:sticky;top:0;height:100vh;overflow:auto;background:#f6f8fa;border-right:1px solid #d0d7de;padding:1rem;font-size:14px}
nav a{display:block;color:#1f2328;text-decoration:none;padding:.1rem 0}nav a:hover{text-decoration:underline}nav h4{margin:1rem 0 .3rem;text-transform:uppercase;font-size:12px;color:#57606a}
main{padding:1.5rem 2.5rem;max-width:64rem;min-width:0}h1{margin-top:0}h2{border-bottom:1px solid #d0d7de;padding-bottom:.3rem;margin-top:2.5rem}
code{background:#eff1f3;padding:.1rem .3rem;border-radius:4px;font-size:90%}pre{background:#0d1117;color:#e6edf3;padding:.8rem;border-radius:6px;overflow:auto;font-size:13px}pre code{background:none;color:inherit;padding:0}
.op{border:1px solid #d0d7de;border-radius:8px;padding:1rem 1.2rem;margin:1.2rem 0}.op h3{margin:0 0 .5rem;font-size:17px}
.m{display:inline-block;min-width:4.2rem;text-align:center;border-radius:4px;color:#fff;font-size:13px;padding:.1rem .4rem;margin-right:.4rem}
.get{background:#0969da}.post{background:#1a7f37}.patch{background:#9a6700}.delete{background:#cf222e}.put{background:#8250df}
table{border-collapse:collapse;width:100%;margin:.4rem 0 .8rem;font-size:14px}th,td{border-bottom:1px solid #d8dee4;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}.req{color:#cf222e;font-size:12px}.who{background:#ddf4ff;border-radius:6px;padding:.3rem .6rem;display:inline-block}
.st{font-weight:600}.s2{color:#1a7f37}.s3{color:#57606a}.s4{color:#9a6700}.s5{color:#cf222e}details{margin:.3rem 0}summary{cursor:pointer}`;

const METHODS = ["get", "post", "patch", "put", "delete"];

function operations(doc: Doc): { path: string; method: string; op: Schema }[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) => METHODS.filter((m) => ops[m]).map((method) => ({ path, method, op: ops[method]! })));
}

function who(op: Schema): string {
  const a = op["x-pitchey-access"];
  const token = (op.security as Schema[]).some((s) => s.bearer)
    ? (op.security as Schema[]).some((s) => !Object.keys(s).length)
      ? "Bearer token optional"
      : "Bearer token"
    : "No token";
  const callers = a === "anyone" ? "anyone" : a === "signed-in" ? "any signed-in user" : `${(a as string[]).join(" or ")} accounts`;
  return `<span class="who">${token} · ${esc(callers)}</span>`;
}

function parameters(d: SchemaDocs, doc: Doc, op: Schema): string {
  const params = (op.parameters as Schema[]).map((p) => (p.$ref ? doc.components.parameters![p.$ref.split("/").pop()!]! : p));
  if (!params.length) return "";
  const rows = params.map(
    (p) =>
      `<tr><td><code>${esc(p.name)}</code>${p.required ? ' <span class="req">required</span>' : ""}</td><td>${esc(p.in)}</td><td>${d.type(p.schema ?? {})}</td><td>${d.rules(p.schema ?? {})}${p.description ? `<div>${inline(p.description)}</div>` : ""}</td></tr>`,
  );
  return `<h4>Parameters</h4><table><thead><tr><th>name</th><th>in</th><th>type</th><th>notes</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function curl(d: SchemaDocs, path: string, method: string, op: Schema): string {
  const url = path.replace(/\{(\w+)\}/g, "42");
  const lines = [`curl -X ${method.toUpperCase()} 'http://127.0.0.1:8787${url}'`];
  if ((op.security as Schema[]).some((s) => s.bearer)) lines.push(`  -H 'Authorization: Bearer $ACCESS_TOKEN'`);
  if ((op.parameters as Schema[]).some((p) => p.$ref?.endsWith("/IdempotencyKey"))) lines.push(`  -H 'Idempotency-Key: 7f0c5a2e-8d3b-4a61-9f0e-2b6d1c4e8a90'`);
  const body = op.requestBody?.content?.["application/json"]?.schema;
  if (body) lines.push(`  -H 'Content-Type: application/json'`, `  -d '${JSON.stringify(d.example(body))}'`);
  return `<h4>Example request</h4><pre><code>${esc(lines.join(" \\\n"))}</code></pre>`;
}

function responses(d: SchemaDocs, op: Schema): string {
  const out = Object.entries(op.responses as Record<string, Schema>).map(([status, r]) => {
    const headers = Object.keys(r.headers ?? {}).filter((h) => h !== "X-Request-Id" && h !== "Pitchey-Version");
    const json = r.content?.["application/json"]?.schema;
    const problem = r.content?.["application/problem+json"]?.schema;
    const codes: string[] = problem?.allOf?.[1]?.properties?.code?.enum ?? [];
    const parts = [`<span class="st s${status[0]}">${esc(status)}</span> ${inline(r.description)}`];
    if (headers.length) parts.push(`<div>Headers: ${headers.map((h) => `<code>${esc(h)}</code>`).join(", ")}</div>`);
    if (json)
      parts.push(
        `<div>Body: ${d.type(json)}</div><details><summary>Example</summary><pre><code>${esc(JSON.stringify(d.example(json), null, 2))}</code></pre></details>`,
      );
    if (codes.length) parts.push(`<div>${schemaLink("Problem")} with <code>code</code>: ${codes.map((c) => `<code>${esc(c)}</code>`).join(", ")}</div>`);
    if (r.content?.["text/html"]) parts.push("<div>Body: HTML</div>");
    return `<li>${parts.join("")}</li>`;
  });
  return `<h4>Responses</h4><ul class="responses">${out.join("")}</ul>`;
}

function operation(d: SchemaDocs, doc: Doc, path: string, method: string, op: Schema): string {
  const body = op.requestBody?.content?.["application/json"]?.schema;
  return `<article class="op" id="op-${esc(op.operationId)}">
<h3><span class="m ${method}">${method.toUpperCase()}</span><code>${esc(path)}</code> — ${esc(op.summary)}${op.deprecated ? " <em>(deprecated)</em>" : ""}</h3>
<p>${who(op)} <code>operationId: ${esc(op.operationId)}</code></p>${markdown(op.description ?? "")}
${parameters(d, doc, op)}${body ? `<h4>Request body: ${d.type(body)}</h4>${d.table(body)}` : ""}${curl(d, path, method, op)}${responses(d, op)}</article>`;
}

/** The whole page for a document (the health service renders it once per version and isolate). */
export function renderDocsPage(doc: Doc): string {
  const d = new SchemaDocs(doc.components.schemas ?? {});
  const ops = operations(doc);
  const byTag = doc.tags.map((t) => ({ ...t, ops: ops.filter((o) => (o.op.tags as string[])[0] === t.name) }));
  const guide = [...doc.info.description.matchAll(/^## (.*)$/gm)].map((m) => m[1]!);
  const nav = `<nav><strong>${esc(doc.info.title)}</strong><h4>Guide</h4>${guide.map((g) => `<a href="#${slug(g)}">${esc(g)}</a>`).join("")}
${byTag.map((t) => `<h4>${esc(t.name)}</h4>${t.ops.map((o) => `<a href="#op-${esc(o.op.operationId)}">${esc(o.op.summary)}</a>`).join("")}`).join("")}
<h4>Schemas</h4>${Object.keys(doc.components.schemas ?? {})
    .map((n) => `<a href="#schema-${esc(n)}">${esc(n)}</a>`)
    .join("")}</nav>`;
  const tags = byTag.map(
    (t) =>
      `<section id="tag-${esc(t.name)}"><h2>${esc(t.name)}</h2>${markdown(t.description)}${t.ops.map((o) => operation(d, doc, o.path, o.method, o.op)).join("")}</section>`,
  );
  const schemas = Object.entries(doc.components.schemas ?? {}).map(
    ([name, s]) =>
      `<section class="schema" id="schema-${esc(name)}"><h3>${esc(name)}</h3>${s.description ? markdown(s.description) : ""}${d.table({ $ref: `#/components/schemas/${name}` })}</section>`,
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${esc(doc.info.title)} reference</title><style>${DOCS_CSS}</style></head>
<body>${nav}<main><h1>${esc(doc.info.title)} reference</h1><p>Deployed version <code>${esc(doc.info.version)}</code> · the OpenAPI 3.1 document: <a href="/api/openapi.json">/api/openapi.json</a></p>
${markdown(doc.info.description)}${tags.join("\n")}<h2 id="schemas">Schemas</h2>${schemas.join("\n")}</main></body></html>`;
}

/** The page's Content-Security-Policy: nothing but its own inline stylesheet, by hash. */
export async function docsCsp(): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(DOCS_CSS)));
  const hash = btoa(String.fromCharCode(...digest));
  return `default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}
