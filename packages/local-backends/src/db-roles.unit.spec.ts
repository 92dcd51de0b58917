// The roles' limits as docs/operations.md states them: read from db-roles.ts, no database needed.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DB_ENVIRONMENTS, DB_LIMITS } from "./db-roles";
import { servicesDir } from "./worker-options";

describe("database role limits", () => {
  it("docs/operations.md states each environment's limits as db-roles.ts sets them", () => {
    const doc = readFileSync(join(servicesDir, "..", "docs", "operations.md"), "utf8");
    const s = (ms: number) => `${ms / 1000} s`;
    for (const env of DB_ENVIRONMENTS) {
      const l = DB_LIMITS[env];
      expect(doc).toMatch(
        new RegExp(`\\| ${env}[^|]* \\| ${s(l.statementTimeoutMs)} \\| ${s(l.lockTimeoutMs)} \\| ${s(l.idleInTransactionSessionTimeoutMs)} \\|`),
      );
    }
  });
});
