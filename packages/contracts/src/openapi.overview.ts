// The document's `info.description`: the conventions every operation shares, for people (the /docs
// page shows it first). docs/api.md says the same at more length.
import { CURRENT_VERSION, VERSION_SUPPORT_MONTHS } from "./versions";

export const OVERVIEW = `Pitchey is a marketplace where creators post film and TV pitches and investors and production companies browse them, request NDAs, keep watchlists and invest. This is its public API, served by one gateway.

## Conventions

- **JSON in and out**, UTF-8. A success is \`{ "data": …, "meta": { "requestId": … } }\`; a list page adds \`meta.nextCursor\` (string or null) and \`meta.hasMore\`, always present.
- **Errors** are RFC 9457 \`application/problem+json\` (\`Problem\`): branch on \`code\`, a stable upper-snake string; \`errors\` names each invalid field. Every operation lists the statuses and codes it can answer.
- **Ids are opaque strings.** An id this API did not issue is simply not found (404).
- **Timestamps** are RFC 3339 in UTC; **money** is an integer number of cents with an ISO 4217 \`currency\`.
- Every answer carries \`X-Request-Id\` (quote it when reporting a problem) and \`Pitchey-Version\`.

## Authentication

Register or sign in to get an \`accessToken\` (a JWT, 15 minutes) and a \`refreshToken\`. Send \`Authorization: Bearer <accessToken>\`. When a call answers 401, exchange the refresh token once (\`POST /api/auth/refresh\`) and retry; refresh tokens rotate on every use, and reusing a spent one ends the session (within 10 s of a refresh the token just spent answers with the same new pair, so two tabs or a lost response do no harm). Missing or invalid credentials → 401; valid but not allowed → 403; a resource you may not know exists → 404.

## Pagination

Lists take \`limit\` (1–100, default 20) and \`cursor\` (a page's \`meta.nextCursor\`). The \`Link: <…>; rel="next"\` header is the next page's URL.

## Conditional requests

Single resources and list pages carry an \`ETag\`. Send it back as \`If-None-Match\` to get \`304 Not Modified\` when nothing changed. To avoid lost updates, send a pitch's ETag as \`If-Match\` on \`PATCH\` or \`DELETE\`: if the pitch changed since you read it, the answer is \`412 PRECONDITION_FAILED\` and nothing is written.

## Idempotency

\`POST\` operations that create (register, pitches, NDA requests, watchlist entries, investments) accept \`Idempotency-Key\` (1–255 printable ASCII characters; a UUID is typical). A repeat with the same key and body answers as the first request did, with \`Idempotent-Replayed: true\`; the same key with another body → 422 \`IDEMPOTENCY_KEY_REUSED\`; while the first is still running → 409 \`IDEMPOTENCY_IN_PROGRESS\` with \`Retry-After\`. Keys are kept at least 24 hours, per caller. A failed request is not remembered: retry it with the same key.

## Rate limits

Sign-in, refresh and registration are limited per account and per client address: 429 \`RATE_LIMITED\` with \`Retry-After\`, and \`RateLimit\` / \`RateLimit-Policy\` on their answers.

## Versioning

The current version is **${CURRENT_VERSION}**; every answer names the version that made it in \`Pitchey-Version\`. A client selects a version by sending \`Pitchey-Version: <version>\` (without it, the current version answers; SDKs always send the version they were built for). A version this API does not serve is refused with 400 \`UNSUPPORTED_VERSION\`.

- **Not breaking** (shipped in place, no new version): new operations, new optional request fields or parameters, new response fields, new error codes, new enum values in responses, new headers. Clients must ignore what they do not know.
- **Breaking** (only in a new version): removing or renaming an operation, field or parameter; a new required input; changing a type, format, status code or the meaning of a value; tightening validation of input that used to be accepted.
- **How a breaking change ships:** as a new dated version that clients opt into with \`Pitchey-Version\`. The previous version keeps answering, unchanged, for at least ${VERSION_SUPPORT_MONTHS} months. Until it stops, its answers carry \`Deprecation\` (RFC 9745) and \`Sunset\` (RFC 8594, the date it stops); after that date it answers 400 \`UNSUPPORTED_VERSION\`.
- A single operation can be deprecated the same way: it is marked \`deprecated\` here, and its answers carry \`Deprecation\` and \`Sunset\` (plus \`Link: <…>; rel="successor-version"\` when it has a replacement) for at least ${VERSION_SUPPORT_MONTHS} months before it is removed.
`;
