// Every Worker's committed bindings (src/bindings.d.ts, the base of its Env) are what `wrangler types`
// makes of its wrangler.jsonc and .dev.vars.example now (ops/src/env-types.ts).
import { describe, expect, it } from "vitest";
import { SERVICES } from "../src/config.check";
import { staleEnvTypes, typesCommand } from "../src/env-types";

describe("generated Env types", () => {
  for (const service of SERVICES) {
    it(`${service}: src/bindings.d.ts is current (else: npm run types in services/${service})`, async () => {
      expect(typesCommand(service).file).toBe("src/bindings.d.ts");
      expect(await staleEnvTypes(service)).toBeNull();
    }, 60_000);
  }
});
