-- Pitch service: pitches, views and NDA requests. Owned by pitchey-pitch; no other service writes here.
-- creator_id / requester_id / owner_id are auth.users ids (no cross-schema foreign keys: each service
-- owns its schema and reaches other data through RPC).
create schema if not exists pitch;

create table pitch.pitches (
  id               bigint generated always as identity primary key,
  creator_id       bigint not null,
  title            text not null,
  logline          text not null,
  genre            text not null,
  format           text not null,
  synopsis         text not null default '',
  target_audience  text not null default '',
  budget_cents     bigint not null check (budget_cents >= 0),
  currency         char(3) not null default 'USD',
  seeking_cents    bigint not null default 0 check (seeking_cents >= 0),
  status           text not null default 'draft' check (status in ('draft', 'published', 'archived')),
  visibility       text not null default 'public' check (visibility in ('public', 'investors', 'private')),
  require_nda      boolean not null default false,
  -- NDA-only material: {budgetBreakdown, financialProjections, attachedTalent, distributionPlan, contactEmail}
  protected        jsonb,
  view_count       bigint not null default 0,
  -- Trending: log of the sum over views of 2^((t_view - epoch) / half-life). Ordering by it equals
  -- ordering by exponentially decayed view counts at any moment, and each view updates it in O(1).
  trending_log     double precision not null default -1e9,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  published_at     timestamptz,
  search           tsvector generated always as (
                     setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', logline), 'B')
                   ) stored
);

-- Browse orders (published only): new, popular, trending; ties broken by id for stable cursors.
create index pitches_new_idx      on pitch.pitches (published_at desc, id desc) where status = 'published';
create index pitches_popular_idx  on pitch.pitches (view_count desc, id desc) where status = 'published';
create index pitches_trending_idx on pitch.pitches (trending_log desc, id desc) where status = 'published';
create index pitches_genre_idx    on pitch.pitches (genre, published_at desc, id desc) where status = 'published';
create index pitches_format_idx   on pitch.pitches (format, published_at desc, id desc) where status = 'published';
create index pitches_budget_idx   on pitch.pitches (budget_cents, id) where status = 'published';
create index pitches_search_idx   on pitch.pitches using gin (search);
create index pitches_creator_idx  on pitch.pitches (creator_id, created_at desc, id desc);

-- One row per (pitch, viewer): viewer is 'u:<userId>' (counted once) or 'c:<client>' (once per 24 h).
create table pitch.views (
  pitch_id        bigint not null references pitch.pitches (id) on delete cascade,
  viewer          text not null,
  last_counted_at timestamptz not null default now(),
  primary key (pitch_id, viewer)
);

create table pitch.ndas (
  id           bigint generated always as identity primary key,
  pitch_id     bigint not null references pitch.pitches (id) on delete cascade,
  requester_id bigint not null,
  owner_id     bigint not null,
  status       text not null default 'pending' check (status in ('pending', 'approved', 'rejected', 'revoked')),
  message      text,
  created_at   timestamptz not null default now(),
  decided_at   timestamptz
);
-- One open (pending or approved) request per user and pitch.
create unique index ndas_open_key on pitch.ndas (pitch_id, requester_id) where status in ('pending', 'approved');
create index ndas_owner_idx     on pitch.ndas (owner_id, created_at desc, id desc);
create index ndas_requester_idx on pitch.ndas (requester_id, created_at desc, id desc);
