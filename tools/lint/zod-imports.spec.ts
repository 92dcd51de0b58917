import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { findNamedZodImports, namedZodImportLines } from "./zod-imports";

// Built from pieces so this file does not itself contain the imports it looks for.
const from = (spec: string, mod = "zod") => ["import", spec, "from", `"${mod}"`].join(" ");

describe("zod import rule", () => {
  it("flags the named and default imports of z, and allows the namespace and type-only ones", () => {
    expect(namedZodImportLines(from("{ z }"))).toEqual([1]);
    expect(namedZodImportLines(`// ok\n${from("{ ZodError, z }", "zod/v4")};`)).toEqual([2]);
    expect(namedZodImportLines(from("z"))).toEqual([1]);
    expect(namedZodImportLines(["export", "{ z }", "from", "'zod'"].join(" "))).toEqual([1]);
    expect(namedZodImportLines(from("* as z"))).toEqual([]);
    expect(namedZodImportLines(from("type * as z"))).toEqual([]);
    expect(namedZodImportLines(from("type { z }"))).toEqual([]);
    expect(namedZodImportLines(from("{ zz }"))).toEqual([]);
    expect(namedZodImportLines(`// never write ${from("{ z }")}`)).toEqual([]);
  });

  it("no source file in packages/, services/, scripts/, tools/ or ops/ imports { z } from zod", () => {
    expect(findNamedZodImports(resolve(import.meta.dirname, "../.."))).toEqual([]);
  });
});
