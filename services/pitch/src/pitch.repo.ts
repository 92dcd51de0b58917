// SQL for pitches. Returns plain JSON-safe records (ISO strings, numbers), so they cache unchanged in
// every layer. Every statement is parameterised.
import type { ListPitchesQuery, PitchStatus, PitchVisibility, ProtectedMaterial, UpdatePitch, CreatePitch } from "@pitchey/contracts";
import { bindResourceCte, isoText, keysetAfter, rowMapper, type Claim, type Db, type KeyTable } from "@pitchey/data";

export interface PitchRecord {
  id: string;
  creatorId: string;
  title: string;
  logline: string;
  genre: string;
  format: string;
  synopsis: string;
  targetAudience: string;
  budgetCents: number;
  currency: string;
  seekingCents: number;
  status: PitchStatus;
  visibility: PitchVisibility;
  requireNda: boolean;
  viewCount: number;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

/** A browse row plus the exact sort key of its position (for the next cursor). */
export interface ListedRecord extends PitchRecord {
  sortKey: string;
}

// NDA-only material (`protected`) is not among these: it is read on its own (findProtected), so it is
// never part of the pitch entry that every viewer's requests share.
const COLUMNS = `id::text as id, creator_id::text as creator_id, title, logline, genre, format, synopsis,
  target_audience, budget_cents, currency, seeking_cents, status, visibility, require_nda,
  view_count, created_at, updated_at, published_at`;

type Row = Record<string, unknown>;

export const toRecord = rowMapper<PitchRecord>({
  id: "text",
  creatorId: "text",
  title: "text",
  logline: "text",
  genre: "text",
  format: "text",
  synopsis: "text",
  targetAudience: "text",
  budgetCents: "number",
  currency: "char",
  seekingCents: "number",
  status: "text",
  visibility: "text",
  requireNda: "bool",
  viewCount: "number",
  createdAt: "iso",
  updatedAt: "iso",
  publishedAt: "iso?",
});

export async function findById(db: Db, id: string): Promise<PitchRecord | undefined> {
  const rows = await db.query(`select ${COLUMNS} from pitch.pitches where id = $1`, [id]);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

/** The NDA-only material of one pitch (null when it has none; undefined when there is no such pitch). */
export async function findProtected(db: Db, id: string): Promise<ProtectedMaterial | null | undefined> {
  const rows = await db.query<{ protected: ProtectedMaterial | null }>("select protected from pitch.pitches where id = $1", [id]);
  return rows[0] ? (rows[0].protected ?? null) : undefined;
}

export async function findByIds(db: Db, ids: string[]): Promise<PitchRecord[]> {
  if (!ids.length) return [];
  const rows = await db.query(`select ${COLUMNS} from pitch.pitches where id = any($1::bigint[])`, [ids]);
  return rows.map(toRecord);
}

export async function approvedRequesters(db: Db, pitchId: string): Promise<string[]> {
  const rows = await db.query<{ requester_id: string }>(
    "select requester_id::text as requester_id from pitch.ndas where pitch_id = $1 and status = 'approved'",
    [pitchId],
  );
  return rows.map((r) => r.requester_id);
}

/** What a write returns: the record, and the NDA-only material for the owner's answer. */
export interface Written {
  record: PitchRecord;
  material: ProtectedMaterial | null;
}
const written = (r: Row): Written => ({ record: toRecord(r), material: (r.protected as ProtectedMaterial | null) ?? null });

/** The pitch as its owner sees it, and its version (updated_at, exact) for a conditional write. */
export async function findForWrite(db: Db, id: string): Promise<(Written & { version: string }) | undefined> {
  const rows = await db.query(`select ${COLUMNS}, protected, ${isoText("updated_at")} as version from pitch.pitches where id = $1`, [id]);
  return rows[0] ? { ...written(rows[0]), version: rows[0].version as string } : undefined;
}

/** Inserts a draft; with `key`, records the new id on the Idempotency-Key claim in the same statement. */
export async function insert(db: Db, creatorId: string, p: CreatePitch, key?: { table: KeyTable; claim: Claim }): Promise<Written> {
  const params: unknown[] = [
    creatorId,
    p.title,
    p.logline,
    p.genre,
    p.format,
    p.synopsis,
    p.targetAudience,
    p.budgetCents,
    p.currency,
    p.seekingCents,
    p.visibility,
    p.requireNda,
    p.protected === null ? null : JSON.stringify(p.protected),
  ];
  const bind = key ? bindResourceCte(key.table, key.claim, params.length + 1, "select id from made") : null;
  const rows = await db.query(
    `with made as (
       insert into pitch.pitches (creator_id, title, logline, genre, format, synopsis, target_audience, budget_cents,
         currency, seeking_cents, visibility, require_nda, protected)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb)
       returning ${COLUMNS}, protected)${bind ? `, ${bind.cte}` : ""}
     select * from made`,
    [...params, ...(bind?.params ?? [])],
  );
  return written(rows[0]!);
}

const UPDATE_COLUMNS: Record<keyof UpdatePitch, string> = {
  title: "title",
  logline: "logline",
  genre: "genre",
  format: "format",
  synopsis: "synopsis",
  targetAudience: "target_audience",
  budgetCents: "budget_cents",
  currency: "currency",
  seekingCents: "seeking_cents",
  visibility: "visibility",
  requireNda: "require_nda",
  protected: "protected",
};

/** Partial update by the owner (at `version` only, when given); undefined when the pitch is gone, not theirs, or changed. */
export async function update(db: Db, id: string, ownerId: string, patch: UpdatePitch, version: string | null = null): Promise<Written | undefined> {
  const sets: string[] = [];
  const params: unknown[] = [id, ownerId, version];
  for (const [key, value] of Object.entries(patch) as [keyof UpdatePitch, unknown][]) {
    params.push(key === "protected" && value !== null ? JSON.stringify(value) : value);
    sets.push(`${UPDATE_COLUMNS[key]} = $${params.length}${key === "protected" ? "::jsonb" : ""}`);
  }
  const rows = await db.query(
    `update pitch.pitches set ${sets.join(", ")}, updated_at = now()
      where id = $1 and creator_id = $2 and ($3::timestamptz is null or updated_at = $3::timestamptz) returning ${COLUMNS}, protected`,
    params,
  );
  return rows[0] ? written(rows[0]) : undefined;
}

/** Deletes the owner's pitch (at `version` only, when given); false when gone, not theirs, or changed. */
export async function remove(db: Db, id: string, ownerId: string, version: string | null = null): Promise<boolean> {
  const rows = await db.query(
    "delete from pitch.pitches where id = $1 and creator_id = $2 and ($3::timestamptz is null or updated_at = $3::timestamptz) returning id",
    [id, ownerId, version],
  );
  return rows.length > 0;
}

/** Status change guarded by the allowed starting states; undefined when the transition does not apply. */
export async function transition(db: Db, id: string, ownerId: string, from: readonly PitchStatus[], to: PitchStatus): Promise<Written | undefined> {
  const rows = await db.query(
    `update pitch.pitches
        set status = $4, updated_at = now(),
            published_at = case when $4 = 'published' then coalesce(published_at, now()) else published_at end
      where id = $1 and creator_id = $2 and status = any($3::text[])
      returning ${COLUMNS}, protected`,
    [id, ownerId, from, to],
  );
  return rows[0] ? written(rows[0]) : undefined;
}

// ---- browse ------------------------------------------------------------------------------------

/** Each sort: its ORDER BY, the expression whose exact text value is the cursor key, and its type. */
const SORTS = {
  // Qualified with the table alias: the select list renames id to text, and ORDER BY would sort that.
  new: { order: "p.published_at desc, p.id desc", key: isoText("published_at"), column: "published_at", cast: "timestamptz" },
  popular: { order: "p.view_count desc, p.id desc", key: "view_count::text", column: "view_count", cast: "bigint" },
  trending: { order: "p.trending_log desc, p.id desc", key: "trending_log::text", column: "trending_log", cast: "float8" },
} as const;

export interface BrowseFilter extends Omit<ListPitchesQuery, "cursor" | "limit"> {
  visibilities: PitchVisibility[];
  limit: number;
  after?: { key: string; id: string };
}

export async function browse(db: Db, f: BrowseFilter): Promise<ListedRecord[]> {
  const sort = SORTS[f.sort];
  const where = ["status = 'published'", "visibility = any($1::text[])"];
  const params: unknown[] = [f.visibilities];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.genre) add((n) => `genre = ${n}`, f.genre);
  if (f.format) add((n) => `format = ${n}`, f.format);
  if (f.creatorId) add((n) => `creator_id = ${n}`, f.creatorId);
  if (f.minBudget !== undefined) add((n) => `budget_cents >= ${n}`, f.minBudget);
  if (f.maxBudget !== undefined) add((n) => `budget_cents <= ${n}`, f.maxBudget);
  if (f.q) add((n) => `search @@ websearch_to_tsquery('english', ${n})`, f.q);
  if (f.after) where.push(keysetAfter(sort.column, "id", sort.cast, f.after, params));
  params.push(f.limit);
  const rows = await db.query(
    `select ${COLUMNS}, ${sort.key} as sort_key from pitch.pitches p where ${where.join(" and ")} order by ${sort.order} limit $${params.length}`,
    params,
  );
  return rows.map((r) => ({ ...toRecord(r), sortKey: r.sort_key as string }));
}

/** The owner's own pitches, with their NDA-only material (the caller caches them per user). */
export async function listMine(
  db: Db,
  ownerId: string,
  o: { status?: PitchStatus; limit: number; after?: { key: string; id: string } },
): Promise<(ListedRecord & { material: ProtectedMaterial | null })[]> {
  const where = ["creator_id = $1"];
  const params: unknown[] = [ownerId];
  if (o.status) {
    params.push(o.status);
    where.push(`status = $${params.length}`);
  }
  if (o.after) where.push(keysetAfter("created_at", "id", "timestamptz", o.after, params));
  params.push(o.limit);
  const rows = await db.query(
    `select ${COLUMNS}, protected, ${isoText("created_at")} as sort_key
       from pitch.pitches p where ${where.join(" and ")} order by p.created_at desc, p.id desc limit $${params.length}`,
    params,
  );
  return rows.map((r) => ({ ...toRecord(r), sortKey: r.sort_key as string, material: (r.protected as ProtectedMaterial | null) ?? null }));
}

// ---- views -------------------------------------------------------------------------------------

/** Half-life of a view's weight in the trending score. */
export const TRENDING_HALF_LIFE_S = 24 * 3600;
/** An anonymous client's view of a pitch counts again after this long. */
export const ANONYMOUS_VIEW_WINDOW_S = 24 * 3600;

/**
 * Counts a view once per signed-in user, or once per anonymous client per 24 h, in one statement:
 * the upsert says whether this view counts, and only then are view_count and the trending score
 * bumped. Trending keeps log(Σ 2^(t_view / half-life)): adding a view is a log-add-exp, and the
 * order it gives equals the order of decayed counts at any moment, without scanning views.
 */
export async function countView(db: Db, pitchId: string, viewer: string): Promise<boolean> {
  const rows = await db.query(
    `with counted as (
       insert into pitch.views as v (pitch_id, viewer) values ($1, $2)
       on conflict (pitch_id, viewer) do update set last_counted_at = now()
         where v.viewer like 'c:%' and v.last_counted_at < now() - make_interval(secs => $4)
       returning 1
     ), w as (select extract(epoch from now()) / $3::float8 * ln(2) as x)
     update pitch.pitches p
        set view_count = view_count + 1,
            trending_log = case when abs(p.trending_log - w.x) > 40 then greatest(p.trending_log, w.x)
                                else greatest(p.trending_log, w.x) + ln(1 + exp(-abs(p.trending_log - w.x))) end
       from w
      where p.id = $1 and exists (select 1 from counted)
      returning p.id`,
    [pitchId, viewer, TRENDING_HALF_LIFE_S, ANONYMOUS_VIEW_WINDOW_S],
  );
  return rows.length > 0;
}

/**
 * Deletes up to `limit` anonymous view records past their window, oldest first (the scheduled sweep,
 * src/pitch.sweep.ts). Past its window such a record no longer stops a recount: without it, the
 * client's next view inserts a new one and counts, exactly as the update above would.
 * Trending and view_count live on the pitch row and never read views; signed-in users' records
 * (`u:`) are kept, as a user's view counts once ever. The age is checked again on the row being
 * deleted, so a view counted meanwhile keeps its record.
 */
export async function deleteStaleAnonymousViews(db: Db, limit: number): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `with gone as (
       delete from pitch.views v
        using (select pitch_id, viewer from pitch.views
                where viewer like 'c:%' and last_counted_at < now() - make_interval(secs => $2)
                order by last_counted_at limit $1) old
        where v.pitch_id = old.pitch_id and v.viewer = old.viewer
          and v.last_counted_at < now() - make_interval(secs => $2)
       returning 1)
     select count(*)::int as n from gone`,
    [limit, ANONYMOUS_VIEW_WINDOW_S],
  );
  return rows[0]?.n ?? 0;
}
