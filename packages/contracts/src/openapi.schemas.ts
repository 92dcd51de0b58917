// zod → JSON Schema for the OpenAPI document: named components (openapi.components.ts) referenced by
// `$ref`, in their request (input) or response (output) form. A component whose two forms differ
// (defaults make fields optional in a request) gets a second entry, `<Name>Input`.
import * as z from "zod";
import { componentList, type ComponentMeta } from "./openapi.components";

export type JsonSchema = { [key: string]: unknown };
export type Io = "input" | "output";

const MARK = "#/$defs/";
const ref = (name: string) => `#/components/schemas/${name}`;

/** Removes what OpenAPI does not need ($schema, $id on every schema), and the long regex zod adds to date-time. */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (node === null || typeof node !== "object") return node;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node as JsonSchema)) {
    if (k === "$schema" || k === "$id" || k === "$defs") continue;
    out[k] = tidy(v);
  }
  if (out.format === "date-time") delete out.pattern;
  return out;
}

function refsIn(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, into));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string" && v.startsWith(MARK)) into.add(v.slice(MARK.length));
      else refsIn(v, into);
    }
  }
  return into;
}

/** Replaces each `#/$defs/<id>` reference with `target(id)`. */
function rewrite(node: unknown, target: (id: string) => string): unknown {
  if (Array.isArray(node)) return node.map((n) => rewrite(n, target));
  if (!node || typeof node !== "object") return node;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node))
    out[k] = k === "$ref" && typeof v === "string" && v.startsWith(MARK) ? target(v.slice(MARK.length)) : rewrite(v, target);
  return out;
}

/** A reference to a form of a component, named only at the end (finish()). */
const placeholder = (io: Io, id: string) => `${ref("")}@@${io}:${id}`;
const PLACEHOLDER = /#\/components\/schemas\/@@(input|output):([A-Za-z]+)/g;

export class SchemaSet {
  private readonly registry = z.registry<{ id: string; description?: string }>();
  private readonly meta = new Map<string, ComponentMeta>();
  private readonly ids = new Map<z.ZodType, string>();
  private readonly forms: Record<Io, Record<string, JsonSchema>>;
  private readonly differs = new Set<string>();
  /** Forms referenced so far ("output:Pitch"); only these (and what they use) are emitted. */
  private readonly used = new Set<string>();

  constructor() {
    for (const [schema, m] of componentList()) {
      this.registry.add(schema, { id: m.id, ...(m.description ? { description: m.description } : {}) });
      this.meta.set(m.id, m);
      this.ids.set(schema, m.id);
    }
    const all = (io: Io) =>
      (
        z.toJSONSchema(this.registry, { target: "draft-2020-12", io, unrepresentable: "any", uri: (id) => `${MARK}${id}` }) as {
          schemas: Record<string, JsonSchema>;
        }
      ).schemas;
    this.forms = { input: all("input"), output: all("output") };
    // A component differs between its forms when its own text does, or any component it uses does.
    for (const id of Object.keys(this.forms.output)) if (JSON.stringify(this.forms.input[id]) !== JSON.stringify(this.forms.output[id])) this.differs.add(id);
    for (let grew = true; grew; ) {
      grew = false;
      for (const id of Object.keys(this.forms.output)) {
        if (!this.differs.has(id) && [...refsIn(this.forms.input[id], new Set())].some((d) => this.differs.has(d))) {
          this.differs.add(id);
          grew = true;
        }
      }
    }
  }

  private use(io: Io, id: string): JsonSchema {
    if (!this.meta.has(id)) throw new Error(`no component ${id}`);
    this.used.add(`${io}:${id}`);
    return { $ref: placeholder(io, id) };
  }

  /** The component's name when `schema` is one (registered), else undefined. */
  idOf(schema: z.ZodType): string | undefined {
    return this.ids.get(schema);
  }

  /** `{ $ref }` to a named schema's request (input) or response (output) form. */
  ref(schema: z.ZodType, io: Io): JsonSchema {
    const id = this.ids.get(schema);
    if (!id) throw new Error("every request and response body must be a named component (openapi.components.ts)");
    return this.use(io, id);
  }

  /** `{ $ref }` to a component by its name (for hand-written schemas). */
  refById(id: string, io: Io = "output"): JsonSchema {
    return this.use(io, id);
  }

  /** Any schema, with its named parts as references. */
  inline(schema: z.ZodType, io: Io): JsonSchema {
    if (this.ids.has(schema)) return this.ref(schema, io);
    const out = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any", metadata: this.registry }) as JsonSchema;
    return tidy(rewrite(out, (d) => this.use(io, d).$ref as string)) as JsonSchema;
  }

  /**
   * The document with its components: every form referenced (and what those use), named `Pitch`, or
   * `<Name>Input` for the request form of a component whose two forms differ and are both used.
   */
  finish<T extends Record<string, unknown>>(doc: T, extra: Record<string, JsonSchema>): { doc: T; schemas: Record<string, JsonSchema> } {
    const todo = [...this.used];
    const forms = new Set<string>();
    while (todo.length) {
      const key = todo.pop()!;
      if (forms.has(key)) continue;
      forms.add(key);
      const [io, id] = key.split(":") as [Io, string];
      for (const d of refsIn(this.forms[io][id], new Set())) todo.push(`${io}:${d}`);
    }
    const name = (io: Io, id: string) => (io === "input" && this.differs.has(id) && forms.has(`output:${id}`) ? `${id}Input` : id);
    const schemas: Record<string, JsonSchema> = { ...extra };
    for (const key of forms) {
      const [io, id] = key.split(":") as [Io, string];
      const schema = tidy(rewrite(this.forms[io][id], (d) => ref(name(io, d)))) as JsonSchema;
      const props = schema.properties as Record<string, JsonSchema> | undefined;
      for (const [field, note] of Object.entries(this.meta.get(id)?.fields ?? {})) {
        if (!props?.[field]) throw new Error(`openapi.components.ts: ${id} has no field ${field}`);
        props[field] = { ...props[field], description: note };
      }
      schemas[name(io, id)] = schema;
    }
    const named = (text: string) => text.replace(PLACEHOLDER, (_m, io: Io, id: string) => ref(name(io, id)));
    const sorted = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
    return { doc: JSON.parse(named(JSON.stringify(doc))) as T, schemas: JSON.parse(named(JSON.stringify(sorted))) as Record<string, JsonSchema> };
  }
}
