// src/schema.d.ts and src/operations.gen.ts are what `generate` makes from the OpenAPI document now:
// a changed declaration without regenerated SDK types fails here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generated } from "../scripts/generated";

describe("generated SDK files", () => {
  it("are current (else: pnpm --filter @pitchey/client generate)", async () => {
    for (const [name, text] of Object.entries(await generated())) {
      expect(readFileSync(join(import.meta.dirname, "..", "src", name), "utf8"), name).toBe(text);
    }
  }, 60_000);
});
