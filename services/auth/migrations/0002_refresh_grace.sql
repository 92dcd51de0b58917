-- Refresh grace (src/refresh-grace.ts): for REFRESH_GRACE_SECONDS after a refresh token is spent, the
-- same token may be presented again (a lost response, two tabs) and gets the very same new pair. What
-- that needs is kept on the spent token's row:
--   successor_hash   the successor refresh token's token_hash (the grace holds only while it is unspent)
--   successor_sealed the successor token and its access token's iat and jti, AES-GCM-encrypted under a
--                    key derived (HKDF) from the spent token itself, which is not stored: the table
--                    alone opens nothing.
alter table auth.refresh_tokens
  add column successor_hash   text,
  add column successor_sealed text;
