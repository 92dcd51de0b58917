import type * as z from "zod";
import { describe, expect, it } from "vitest";
import { IdempotencyKey, PUBLIC_ROUTES, SafeString, isStorableText, text } from "./index";
import { OPERATIONS } from "./operations";

describe("text(): the one text primitive", () => {
  it("refuses U+0000 and unpaired surrogates with one message each", () => {
    const t = text({ max: 20 });
    expect(t.safeParse("a\u0000b").error!.issues.map((i) => i.message)).toEqual(["must not contain U+0000 (NUL)"]);
    for (const s of ["a\uD800", "\uDC00a", "\uDBFF\uDBFF\uDC00", "x\uDFFF\uD800y"]) {
      expect(
        t.safeParse(s).error!.issues.map((i) => i.message),
        JSON.stringify(s),
      ).toEqual(["must be well-formed Unicode (no unpaired UTF-16 surrogate)"]);
    }
    expect(isStorableText("a\u0000")).toBe(false);
    expect(isStorableText("\uD83C\uDFAC")).toBe(true);
  });

  it("keeps well-formed text, paired surrogates and other control characters included; trims unless told not to", () => {
    expect(text({ max: 20 }).parse("  Clapper 🎬\u0001\t ")).toBe("Clapper 🎬\u0001");
    expect(text({ max: 20, trim: false }).parse(" x ")).toBe(" x ");
    expect(text({ max: 3 }).safeParse("abcd").error!.issues[0]!.message).toBe("must be at most 3 characters");
    expect(text({ max: 3, min: 1 }).safeParse("  ").error!.issues[0]!.message).toBe("must not be empty");
  });
});

/** Every string schema inside a schema (through objects, wrappers, unions, arrays and pipes' input). */
function stringLeaves(schema: z.ZodType, path: string, out: [string, z.ZodType][] = []): [string, z.ZodType][] {
  const def = (schema as unknown as { _zod: { def: Record<string, any> } })._zod.def;
  switch (def.type) {
    case "string":
      out.push([path, schema]);
      break;
    case "object":
      for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) stringLeaves(v, path ? `${path}.${k}` : k, out);
      break;
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "nonoptional":
    case "catch":
      stringLeaves(def.innerType, path, out);
      break;
    case "pipe":
      stringLeaves(def.in, path, out);
      break;
    case "union":
      for (const o of def.options) stringLeaves(o, path, out);
      break;
    case "array":
      stringLeaves(def.element, `${path}[]`, out);
      break;
  }
  return out;
}

describe("every string a client sends is built on the primitive", () => {
  const inputs = PUBLIC_ROUTES.flatMap((r) => {
    const route = `${r.method} ${r.path}`;
    const s = OPERATIONS[r.operationId]();
    return [
      ...(s.body ? stringLeaves(s.body, "").map(([p, leaf]) => [`${route} body ${p}`, leaf] as const) : []),
      ...(s.query ? stringLeaves(s.query, "").map(([p, leaf]) => [`${route} query ${p}`, leaf] as const) : []),
      ...(r.idempotent ? stringLeaves(IdempotencyKey, "Idempotency-Key").map(([p, leaf]) => [`${route} header ${p}`, leaf] as const) : []),
    ];
  });

  it("finds the inputs (bodies, queries, headers)", () => {
    const names = inputs.map(([n]) => n);
    for (const n of [
      "POST /api/auth/register body name",
      "POST /api/pitches body protected.attachedTalent",
      "GET /api/pitches query q",
      "POST /api/investor/investments body note",
    ]) {
      expect(names).toContain(n);
    }
  });

  it.each([
    ["NUL", "x\u0000y"],
    ["a lone surrogate", "x\uD800y"],
  ])("no input string schema accepts %s", (_what, bad) => {
    // Whatever else a leaf checks (length, format, enum), it must refuse what Postgres cannot store.
    const accepted = inputs.filter(([, leaf]) => leaf.safeParse(bad).success || leaf.safeParse(`${bad}@example.com`).success).map(([n]) => n);
    expect(accepted).toEqual([]);
  });

  it("SafeString is the base for free text with no other rule", () => {
    expect(SafeString.safeParse("x\u0000").success).toBe(false);
  });
});
