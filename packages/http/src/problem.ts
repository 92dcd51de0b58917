// RFC 9457 problem+json: the one error shape of the whole API.
import type { ErrorCode, FieldError, Problem } from "@pitchey/contracts";

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** Thrown anywhere in a handler; the app turns it into problem+json. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    detail: string,
    readonly extra: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = "HttpError";
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) => new HttpError(400, "VALIDATION_FAILED", detail, { errors });
export const unauthenticated = (detail = "A valid access token is required.") =>
  new HttpError(401, "UNAUTHENTICATED", detail, { headers: { "www-authenticate": 'Bearer realm="pitchey"' } });
export const forbidden = (detail = "You are not allowed to do this.") => new HttpError(403, "FORBIDDEN", detail);
export const notFound = (detail = "No such resource.") => new HttpError(404, "NOT_FOUND", detail);
export const conflict = (detail: string) => new HttpError(409, "CONFLICT", detail);

export function problemBody(status: number, code: ErrorCode, detail: string, instance: string, requestId: string, errors?: FieldError[]): Problem {
  const body: Problem = {
    type: `https://api.pitchey.com/problems/${code.toLowerCase().replace(/_/g, "-")}`,
    title: TITLES[status] ?? "Error",
    status,
    detail,
    instance,
    code,
    requestId,
  };
  if (errors?.length) body.errors = errors;
  return body;
}

export function problemResponse(
  status: number,
  code: ErrorCode,
  detail: string,
  opts: { instance: string; requestId: string; errors?: FieldError[]; headers?: Record<string, string> },
): Response {
  return new Response(JSON.stringify(problemBody(status, code, detail, opts.instance, opts.requestId, opts.errors)), {
    status,
    headers: { "content-type": "application/problem+json; charset=utf-8", "cache-control": "no-store", ...opts.headers },
  });
}
