// Shapes every response shares: the success envelope, problem+json, pagination.
import * as z from "zod";
import { ID_TEXT, ROLES } from "./routes";
import { CURSOR_MESSAGE, CURSOR_TEXT, DEFAULT_LIMIT } from "./constants";

export const ERROR_CODES = [
  "VALIDATION_FAILED",
  "MALFORMED_JSON",
  "MALFORMED_REQUEST",
  "UNSUPPORTED_MEDIA_TYPE",
  "PAYLOAD_TOO_LARGE",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "METHOD_NOT_ALLOWED",
  "CONFLICT",
  "IDEMPOTENCY_KEY_REUSED",
  "IDEMPOTENCY_IN_PROGRESS",
  "PRECONDITION_FAILED",
  "UNSUPPORTED_VERSION",
  "RATE_LIMITED",
  "SERVICE_UNAVAILABLE",
  "SERVICE_TIMEOUT",
  "DATABASE_TIMEOUT",
  "INTERNAL",
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

export const Meta = z.object({ requestId: z.string() });
export type Meta = z.infer<typeof Meta>;
/** A list page's meta: both always present (null and false on the last page). */
export const PageMeta = z.object({ requestId: z.string(), nextCursor: z.string().nullable(), hasMore: z.boolean() });
export type PageMeta = z.infer<typeof PageMeta>;

export const envelope = <T extends z.ZodType>(data: T) => z.object({ data, meta: Meta });
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), meta: PageMeta });

/** A surrogate that is not half of a pair (the text is not well-formed UTF-16). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Whether Postgres stores this string exactly as given (text and jsonb alike). */
export const isStorableText = (s: string): boolean => !s.includes("\u0000") && !LONE_SURROGATE.test(s);

/** Makes a string schema refuse what Postgres cannot store as sent; every string schema of client
 *  input is built on it (text() below, emails). Each refusal stops there: one message per field. */
export function storable<S extends z.ZodType<string, string>>(schema: S): S {
  return schema
    .refine((s) => !s.includes("\u0000"), { message: "must not contain U+0000 (NUL)", abort: true })
    .refine((s) => !LONE_SURROGATE.test(s), { message: "must be well-formed Unicode (no unpaired UTF-16 surrogate)", abort: true });
}
export const SafeString = storable(z.string());

/**
 * The one text primitive: every string a client sends starts here (bodies, query parameters). It
 * refuses what Postgres cannot store as sent — U+0000 (text and jsonb refuse NUL; it was a 500) and
 * a UTF-16 surrogate without its pair (jsonb refuses it; text silently stores U+FFFD) — with a 400
 * naming the field. Then, as asked: trimmed, at most `max` UTF-16 code units, `min` at least.
 *
 * @example
 *   title: text({ max: 200, min: 1 }), note: text({ max: 1_000 }).nullable().optional()
 */
export function text(o: { max: number; min?: number; trim?: boolean }) {
  let s = SafeString;
  if (o.trim !== false) s = s.trim();
  s = s.max(o.max, `must be at most ${o.max} characters`);
  if (o.min) s = s.min(o.min, o.min === 1 ? "must not be empty" : `must be at least ${o.min} characters`);
  return s;
}

export const Id = z.string().regex(ID_TEXT, "must be a numeric id");

/** Query-string integer (`?limit=20`), strict: no "1e3", no " 5". */
export const queryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?[0-9]{1,18}$/, "must be an integer")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const Limit = queryInt(1, 100).default(DEFAULT_LIMIT);

export const Cursor = z.string().regex(CURSOR_TEXT, CURSOR_MESSAGE);

/** An instant as the API sends it: RFC 3339 in UTC ("2026-12-01T15:21:30.123Z"). */
export const IsoDate = z.iso.datetime();
/** Active ISO 4217 currency codes (precious metals, funds and testing codes left out: nobody prices
 *  a pitch or invests in them here). The one list: pitches and investments both check against it. */
export const ISO_4217: ReadonlySet<string> = new Set(
  (
    "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF " +
    "CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL " +
    "HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD " +
    "MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG " +
    "QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD " +
    "TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG"
  ).split(" "),
);
/** An active ISO 4217 code: the shape first (so "usd" gets the clearer message), then the list. */
export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, { message: "must be an ISO 4217 code such as USD", abort: true })
  .refine((c) => ISO_4217.has(c), "is not an ISO 4217 currency code");
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;
