-- Staff flags on accounts: "tester" and "operator" may force a canary arm (docs/releases.md).
-- Set only by an operator in the database (never by sign-up); access tokens carry them as `flags`.
alter table auth.users
  add column flags text[] not null default '{}',
  add constraint users_flags_check check (flags <@ array['tester', 'operator']::text[]);
