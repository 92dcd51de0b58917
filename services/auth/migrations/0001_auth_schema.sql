-- The auth service's tables (schema `auth`): users, sessions, refresh tokens.
-- What each table and each Redis key family holds: migrations/README.md beside this file.

create schema if not exists auth;

-- One row per account. The email is stored lower-cased; the password only as a PBKDF2 hash that
-- names its parameters (src/password.ts).
create table auth.users (
  id            bigint generated always as identity primary key,
  email         text        not null,
  name          text        not null,
  role          text        not null,
  company_name  text,
  password_hash text        not null,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  constraint users_email_key unique (email),
  constraint users_email_lower check (email = lower(email)),
  constraint users_role_check check (role in ('creator', 'investor', 'production'))
);

-- One row per sign-in (login or register). Its id is the `sid` claim of every access token issued
-- for it; revoking it (logout, refresh-token reuse) ends all of them.
create table auth.sessions (
  id             uuid        primary key,
  user_id        bigint      not null references auth.users (id) on delete cascade,
  created_at     timestamptz not null default now(),
  last_used_at   timestamptz not null default now(),
  revoked_at     timestamptz,
  revoked_reason text,
  client         text,
  user_agent     text,
  constraint sessions_revoked_reason_check check (revoked_reason in ('logout', 'refresh_reuse')),
  constraint sessions_revoked_consistent check ((revoked_at is null) = (revoked_reason is null))
);
create index sessions_user_id_idx on auth.sessions (user_id);

-- Every refresh token ever issued, as its SHA-256 (base64url). Spent tokens (used_at set) are kept
-- until they expire: presenting one again is how theft is detected.
create table auth.refresh_tokens (
  token_hash text        primary key,
  session_id uuid        not null references auth.sessions (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at    timestamptz
);
create index refresh_tokens_session_id_idx on auth.refresh_tokens (session_id);
