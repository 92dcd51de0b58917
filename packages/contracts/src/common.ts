// Shapes every response shares: the success envelope, problem+json, pagination.
import * as z from "zod";

export const ERROR_CODES = [
  "VALIDATION_FAILED", "MALFORMED_JSON", "UNSUPPORTED_MEDIA_TYPE", "PAYLOAD_TOO_LARGE",
  "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "METHOD_NOT_ALLOWED", "CONFLICT",
  "IDEMPOTENCY_KEY_REUSED", "IDEMPOTENCY_IN_PROGRESS", "RATE_LIMITED",
  "SERVICE_UNAVAILABLE", "SERVICE_TIMEOUT", "INTERNAL",
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const FieldError = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldError>;

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string(),
  code: ErrorCode,
  requestId: z.string(),
  errors: z.array(FieldError).optional(),
});
export type Problem = z.infer<typeof Problem>;

export const Meta = z.object({
  requestId: z.string(),
  nextCursor: z.string().nullable().optional(),
  hasMore: z.boolean().optional(),
});
export type Meta = z.infer<typeof Meta>;

export const envelope = <T extends z.ZodType>(data: T) => z.object({ data, meta: Meta });

export const Id = z.string().regex(/^[1-9][0-9]{0,17}$/, "must be a numeric id");

/** Query-string integer (`?limit=20`), strict: no "1e3", no " 5". */
export const queryInt = (min: number, max: number) =>
  z.string().regex(/^-?[0-9]{1,18}$/, "must be an integer").transform(Number).pipe(z.number().int().min(min).max(max));

export const Limit = queryInt(1, 100).default(20);

export const IsoDate = z.string();
export const Currency = z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as USD");
export const Role = z.enum(["creator", "investor", "production"]);
export type Role = z.infer<typeof Role>;
