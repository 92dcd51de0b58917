-- Idempotency-Key records for registrations (POST /api/auth/register), with the investments'
-- semantics (packages/data src/idempotency/: one mechanism, each service its own table; every key
-- table has these columns). `scope` is the email being registered (lower-cased): there is no account
-- yet. A row is claimed before any work; `resource_id` (the new user) is written in the statement
-- that creates the user, so an attempt that dies before recording its answer leaves the account, and
-- the next holder answers with it instead of failing on the taken email. The remembered answer is the
-- user only, never its tokens: a replay proves the password against the account and gets a new
-- session. The fingerprint leaves the password out. Kept at least 24 h; the hourly sweep deletes
-- expired rows.
create table auth.idempotency_keys (
  id               bigint generated always as identity primary key,
  scope            text not null,
  key              text not null check (char_length(key) between 1 and 255),
  -- sha-256 of the request (method, path, canonical validated body without the password): another request → 422.
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
create index idempotency_keys_expiry_idx on auth.idempotency_keys (expires_at);
