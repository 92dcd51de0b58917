// `pnpm --filter @pitchey/client generate`: the SDK's types and operation table, from the OpenAPI
// document the health service serves (buildOpenApi, the same function): src/schema.d.ts by
// openapi-typescript, src/operations.gen.ts (method, path, idempotent per operationId) here.
// test/generated.spec.ts fails when they are not what this writes (a declaration changed: run it).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { generated } from "./generated";

const dir = join(import.meta.dirname, "..", "src");
const files = await generated();
for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
console.log(
  `wrote ${Object.keys(files)
    .map((f) => `src/${f}`)
    .join(", ")}`,
);
