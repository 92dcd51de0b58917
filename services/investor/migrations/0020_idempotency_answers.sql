-- The investor's Idempotency-Key records join the shared mechanism (packages/data src/idempotency/),
-- which watchlist additions now use too: the answer's headers (Location) are remembered with it, and
-- the resource an attempt created is recorded before its answer (every key table has these columns).
-- Rows written before this migration have neither; their replays rebuild Location from the body.
alter table investor.idempotency_keys
  add column response_headers jsonb,
  add column resource_id text;
