// Who is calling: the verified bearer token's identity, or null for an anonymous request.
// Token verification arrives with the auth service (issue 4); until then every call is anonymous
// and a presented token is refused rather than trusted.
import type { Identity } from "@pitchey/contracts";
import { unauthenticated } from "@pitchey/http";
import type { Env } from "./gateway.context";

export async function authenticate(request: Request, _env: Env, _ctx: ExecutionContext): Promise<Identity | null> {
  const header = request.headers.get("authorization");
  if (!header) return null;
  throw unauthenticated("Access tokens are not accepted yet.");
}
