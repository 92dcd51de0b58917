// `npm run secrets -- <kid>`: a new JWT_PRIVATE_JWK, a one-key JWT_PUBLIC_JWKS and a new
// IDENTITY_HMAC_SECRET, printed as JSON (nothing is written). For a rotation (docs/operations.md "Keys
// and secrets: rotation"): the kid is yours to pick — a date is a good one — and must differ from every
// key in use. The material is made by packages/http/src/keys.ts, as for local development and tests.
import { generateSecrets } from "../../packages/http/src/keys";

const kid = process.argv[2];
if (!kid || kid.startsWith("-")) {
  console.error("usage: npm run secrets -- <kid>   (e.g. prod-2026-05; it must differ from every key in use)");
  process.exit(2);
}
console.log(JSON.stringify(await generateSecrets(kid), null, 2));
