-- The scheduled sweep (src/auth.sweep.ts) deletes refresh tokens long past their expiry, oldest
-- first, in batches; this index finds them without reading the table. expires_at is written once,
-- so the index costs one entry per issued token and nothing on rotation.
create index refresh_tokens_expires_at_idx on auth.refresh_tokens (expires_at);
