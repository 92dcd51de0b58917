// Pieces of the /docs page drawn from the OpenAPI document: JSON Schemas as tables of fields, example
// values built from schemas, and the little Markdown the document's descriptions use. Pure; escaped.
type Schema = Record<string, any>;

export const esc = (v: unknown) => String(v ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `**bold**` and `` `code` `` inside one escaped line. */
export function inline(text: string): string {
  return esc(text)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
}

/** Headings (`## `), bullet lists (`- `) and paragraphs. */
export function markdown(text: string): string {
  const out: string[] = [];
  let list: string[] | null = null;
  const flush = () => {
    if (list) out.push(`<ul>${list.map((i) => `<li>${inline(i)}</li>`).join("")}</ul>`);
    list = null;
  };
  for (const block of text.split(/\n{2,}/)) {
    for (const line of block.split("\n")) {
      if (line.startsWith("- ")) (list ??= []).push(line.slice(2));
      else if (list && line.startsWith("  ")) list[list.length - 1] += ` ${line.trim()}`;
      else {
        flush();
        const h = /^(#{2,4}) (.*)$/.exec(line);
        if (h) out.push(`<h${h[1]!.length + 1} id="${slug(h[2]!)}">${inline(h[2]!)}</h${h[1]!.length + 1}>`);
        else if (line.trim()) out.push(`<p>${inline(line)}</p>`);
      }
    }
    flush();
  }
  return out.join("\n");
}

export const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
const refName = (ref: string) => ref.slice(ref.lastIndexOf("/") + 1);
export const schemaLink = (name: string) => `<a href="#schema-${esc(name)}">${esc(name)}</a>`;

export class SchemaDocs {
  constructor(private readonly components: Record<string, Schema>) {}

  resolve(s: Schema): Schema {
    return s.$ref ? this.resolve(this.components[refName(s.$ref)] ?? {}) : s;
  }

  /** The type of a field, for people: links to named schemas, enums spelled out, constraints noted. */
  type(s: Schema): string {
    if (s.$ref) return schemaLink(refName(s.$ref));
    if (s.anyOf) return s.anyOf.map((x: Schema) => this.type(x)).join(" | ");
    if (s.allOf) return s.allOf.map((x: Schema) => this.type(x)).join(" &amp; ");
    if (s.enum) return s.enum.map((v: unknown) => `<code>${esc(JSON.stringify(v))}</code>`).join(" | ");
    const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
    const shown = types.map((t) => {
      if (t === "array") return `${s.items ? this.type(s.items) : "any"}[]`;
      if (t === "object" && s.additionalProperties && typeof s.additionalProperties === "object" && !s.properties)
        return `map of ${this.type(s.additionalProperties)}`;
      return esc(t);
    });
    return shown.join(" | ") || "any";
  }

  /** Bounds, formats, patterns and defaults of a field. */
  rules(s: Schema): string {
    const r: string[] = [];
    if (s.format) r.push(`format ${esc(s.format)}`);
    if (s.minLength !== undefined || s.maxLength !== undefined) r.push(`${s.minLength ?? 0}–${s.maxLength ?? "∞"} characters`);
    if (s.minimum !== undefined || s.maximum !== undefined) {
      const big = (n: number | undefined) => (n !== undefined && Math.abs(n) >= 2 ** 53 - 1 ? undefined : n);
      const lo = big(s.minimum);
      const hi = big(s.maximum);
      if (lo !== undefined || hi !== undefined) r.push(`${lo ?? "…"} to ${hi ?? "…"}`);
    }
    if (s.pattern) r.push(`pattern <code>${esc(s.pattern)}</code>`);
    if (s.default !== undefined) r.push(`default <code>${esc(JSON.stringify(s.default))}</code>`);
    return r.join("; ");
  }

  /** A table of an object's fields (named schemas link to their own table). */
  table(schema: Schema): string {
    const s = this.resolve(schema);
    if (!s.properties) return `<p class="type">${this.type(schema)}${s.description ? ` — ${inline(s.description)}` : ""}</p>`;
    const required = new Set<string>(s.required ?? []);
    const rows = Object.entries(s.properties as Record<string, Schema>).map(([name, f]) => {
      const desc = f.description ?? (f.$ref ? this.resolve(f).description : undefined);
      return `<tr><td><code>${esc(name)}</code>${required.has(name) ? ' <span class="req">required</span>' : ""}</td><td>${this.type(f)}</td><td>${this.rules(f)}${desc ? `<div>${inline(desc)}</div>` : ""}</td></tr>`;
    });
    return `<table class="fields"><thead><tr><th>field</th><th>type</th><th>notes</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
  }

  /** An example value that satisfies the schema (the document's own examples and defaults first). */
  example(schema: Schema, name = "", depth = 0): unknown {
    const s = schema.$ref ? (this.components[refName(schema.$ref)] ?? {}) : schema;
    if (s.$ref) return this.example(s, name, depth);
    if (s.example !== undefined) return s.example;
    if (s.default !== undefined) return s.default;
    if (s.enum) return s.enum[0];
    if (s.anyOf) return this.example(s.anyOf.find((x: Schema) => x.type !== "null") ?? s.anyOf[0], name, depth);
    if (s.allOf) return Object.assign({}, ...s.allOf.map((x: Schema) => this.example(x, name, depth)));
    const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== "null") : s.type;
    if (type === "object" || s.properties) {
      if (depth > 4) return {};
      const required = new Set<string>(s.required ?? Object.keys(s.properties ?? {}));
      return Object.fromEntries(
        Object.entries((s.properties ?? {}) as Record<string, Schema>)
          .filter(([k]) => required.has(k))
          .map(([k, v]) => [k, this.example(v, k, depth + 1)]),
      );
    }
    if (type === "array") return depth > 4 ? [] : [this.example(s.items ?? {}, name, depth + 1)];
    if (type === "integer" || type === "number") return Math.max(s.minimum ?? 0, SAMPLE_NUMBERS[name] ?? 1);
    if (type === "boolean") return false;
    if (type === "string") return sampleString(s, name);
    return null;
  }
}

const SAMPLE_NUMBERS: Record<string, number> = {
  budgetCents: 250_000_000,
  seekingCents: 50_000_000,
  amountCents: 2_500_000,
  viewCount: 42,
  expiresIn: 900,
  status: 200,
};
const SAMPLE_STRINGS: Record<string, string> = {
  email: "alex.creator@example.com",
  password: "correct horse battery",
  name: "Alex Rivera",
  title: "The Last Lighthouse",
  logline: "A keeper must choose between the light and the ship carrying her daughter.",
  currency: "USD",
  requestId: "3f1c8a52-9b1e-4c55-9a53-2d1f0c7e9b11",
  refreshToken: "q0Xk2yC5vT7bNw9eR4uJ1hL8sD3fG6aZ0pM2nB5cV7x",
  accessToken: "eyJhbGciOiJFZERTQSIsImtpZCI6ImsxIiwidHlwIjoiYXQrand0In0…",
  message: "We would like to read the financials.",
  note: "Strong second act.",
  companyName: "Stellar Pictures",
  instance: "/api/pitches/42",
  detail: "No such pitch.",
  type: "https://api.pitchey.com/problems/not-found",
  nextCursor: "eyJrIjoiMjAyNi0xMi0wMSIsImlkIjoiNDIifQ",
};

function sampleString(s: Schema, name: string): string {
  if (s.format === "date-time") return "2026-12-01T09:30:00.000Z";
  if (s.format === "email") return "alex.creator@example.com";
  if (/(^id$|Id$)/.test(name) || s.pattern === "^[1-9][0-9]{0,17}$") return "42";
  if (s.pattern === "^[A-Z]{3}$") return "USD";
  return SAMPLE_STRINGS[name] ?? "text";
}
