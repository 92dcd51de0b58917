-- Idempotency-Key records for the pitch service's creating POSTs (pitches, NDA requests), with the
-- investments' semantics (packages/data src/idempotency/: one mechanism, each service its own table;
-- every key table has these columns). `scope` is the caller's user id. A row is claimed before any
-- work; `resource_id` is written in the statement that creates the pitch or NDA request, so an
-- attempt that dies before recording its answer leaves what it made, and the next holder answers
-- with it instead of creating a second; the answer (`response_*`, `request_id`) makes replays
-- byte-identical. Kept at least 24 h; the hourly sweep deletes expired rows.
create table pitch.idempotency_keys (
  id               bigint generated always as identity primary key,
  scope            text not null,
  key              text not null check (char_length(key) between 1 and 255),
  -- sha-256 of the request (method, path, canonical validated body): another request → 422.
  fingerprint      text not null,
  -- Random token of the attempt holding the claim; released (row deleted) only by that attempt.
  claim            text not null,
  locked_at        timestamptz not null default now(),
  resource_id      text,
  response_status  int,
  response_headers jsonb,
  response_body    text,
  request_id       text,
  created_at       timestamptz not null default now(),
  expires_at       timestamptz not null default now() + interval '24 hours',
  unique (scope, key),
  check ((response_body is null) = (response_status is null))
);
create index idempotency_keys_expiry_idx on pitch.idempotency_keys (expires_at);
