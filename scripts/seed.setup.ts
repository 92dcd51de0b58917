// vitest globalSetup, after packages/local-backends/src/global-setup.ts: writes the demo seed into
// the fresh test database that setup made (it passes the URL in PITCHEY_TEST_DATABASE_URL).
import { seed } from "../ops/src/seed";

export default async function setup() {
  const url = process.env.PITCHEY_TEST_DATABASE_URL;
  if (!url) throw new Error("seed.setup.ts runs after global-setup.ts, which sets PITCHEY_TEST_DATABASE_URL");
  await seed(url, { log: () => {} });
}
