-- The scheduled sweep (src/pitch.sweep.ts) deletes anonymous view records (`c:` viewers) whose 24 h
-- window has passed, oldest first, in batches; this partial index finds them without reading the
-- whole table. Signed-in users' records (`u:`) are never swept and stay out of it.
create index views_anonymous_counted_idx on pitch.views (last_counted_at) where viewer like 'c:%';
