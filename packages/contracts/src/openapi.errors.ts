// Which errors an operation can answer: those its declaration implies (a body can be malformed, a
// role refused, an id not found, …) plus those its spec names, merged per status.
import type { ErrorCode } from "./common";
import type { OperationSpec } from "./operation";
import { pathParamNames, type RouteDecl } from "./routes";

export interface ErrorDoc {
  codes: Set<ErrorCode>;
  notes: string[];
}

const who = (access: RouteDecl["access"]) => (typeof access === "string" ? access : `${access.join(" or ")} accounts`);

export function errorsOf(route: RouteDecl, spec: OperationSpec): Map<number, ErrorDoc> {
  const out = new Map<number, ErrorDoc>();
  const add = (status: number, codes: readonly ErrorCode[], note: string) => {
    const e = out.get(status) ?? { codes: new Set<ErrorCode>(), notes: [] };
    codes.forEach((c) => e.codes.add(c));
    if (note && !e.notes.includes(note)) e.notes.push(note);
    out.set(status, e);
  };
  add(400, ["UNSUPPORTED_VERSION"], "`UNSUPPORTED_VERSION`: `Pitchey-Version` names no version this API serves.");
  if (spec.query) add(400, ["VALIDATION_FAILED"], "`VALIDATION_FAILED`: a query parameter is invalid (`errors` names it), a cursor included.");
  if (spec.body) {
    add(
      400,
      ["VALIDATION_FAILED", "MALFORMED_JSON"],
      "`VALIDATION_FAILED`: the body is invalid (`errors` names each field); `MALFORMED_JSON`: it is not JSON.",
    );
    add(413, ["PAYLOAD_TOO_LARGE"], "The body is over 64 KiB.");
    add(415, ["UNSUPPORTED_MEDIA_TYPE"], "Send the body as `application/json`.");
  }
  if (route.idempotent) {
    add(400, ["VALIDATION_FAILED"], "`VALIDATION_FAILED` naming `Idempotency-Key`: the key is not 1–255 printable ASCII characters.");
    add(409, ["IDEMPOTENCY_IN_PROGRESS"], "`IDEMPOTENCY_IN_PROGRESS`: a request with this `Idempotency-Key` is still being processed (`Retry-After`).");
    add(422, ["IDEMPOTENCY_KEY_REUSED"], "`IDEMPOTENCY_KEY_REUSED`: this `Idempotency-Key` was used with a different request.");
  }
  if (!route.credentials) {
    add(
      401,
      ["UNAUTHENTICATED"],
      route.access === "anyone"
        ? "A bearer token was sent and is invalid, expired or revoked (send none to call anonymously)."
        : "No valid bearer token: missing, invalid, expired or revoked.",
    );
  }
  if (typeof route.access !== "string") add(403, ["FORBIDDEN"], `Only ${who(route.access)}.`);
  if (pathParamNames(route.path).length && !spec.errors?.[404])
    add(404, ["NOT_FOUND"], "No such resource; an id that is not one this API issued is not found either.");
  if (route.conditional) add(412, ["PRECONDITION_FAILED"], "`If-Match` names none of the resource's current ETags: it changed since you read it.");
  if (spec.rateLimited) add(429, ["RATE_LIMITED"], "Too many attempts: wait `Retry-After` seconds.");
  for (const [status, e] of Object.entries(spec.errors ?? {})) add(Number(status), e.codes, e.description);
  add(500, ["INTERNAL"], "Something went wrong on our side (a bug): `requestId` identifies it in our logs.");
  add(503, ["SERVICE_UNAVAILABLE", "DATABASE_TIMEOUT"], "The service behind this route is unavailable, or the database did not answer in time; retry later.");
  add(504, ["SERVICE_TIMEOUT"], "The service behind this route did not answer in time.");
  return new Map([...out].sort(([a], [b]) => a - b));
}
