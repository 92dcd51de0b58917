// SQL of the auth service (schema `auth`, see migrations/README.md). Every statement is parameterised;
// the multi-step writes are single statements or one batch, so each commits whole or not at all.
import { REFRESH_GRACE_SECONDS, REFRESH_TOKEN_TTL_SECONDS, type Role, type User, type UserSummary } from "@pitchey/contracts";
import { bindResourceCte, type Claim, type Db, type KeyTable } from "@pitchey/data";

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  company_name: string | null;
  created_at: Date | string;
  /** Staff flags (migrations/0005_user_flags.sql); empty for everyone else. */
  flags: string[];
  [k: string]: unknown;
}
export interface CredentialRow extends UserRow {
  password_hash: string;
}

const USER_COLUMNS = "u.id::text as id, u.email, u.name, u.role, u.company_name, u.created_at, u.flags";

/** The API's view of a user: never the password hash. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    companyName: row.company_name,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export interface NewSession {
  id: string;
  refreshHash: string;
  client: string;
  userAgent: string | null;
}

/** Creates the user with its first session and refresh token; null when the email is taken. */
/** The user and their first session, in one statement; null when the email is taken. With `key`, the
 *  new user's id is recorded on the Idempotency-Key claim in the same statement. */
export async function createUser(
  db: Db,
  u: { email: string; name: string; role: Role; companyName: string | null; passwordHash: string },
  s: NewSession,
  key?: { table: KeyTable; claim: Claim },
): Promise<UserRow | null> {
  const bind = key ? bindResourceCte(key.table, key.claim, 11, "select id from u") : null;
  const rows = await db.query<UserRow>(
    `with u as (
       insert into auth.users (email, name, role, company_name, password_hash)
       values ($1, $2, $3, $4, $5)
       on conflict (email) do nothing
       returning id, email, name, role, company_name, created_at, flags
     ), s as (
       insert into auth.sessions (id, user_id, client, user_agent)
       select $6, id, $8, $9 from u
       returning id
     ), t as (
       insert into auth.refresh_tokens (token_hash, session_id, expires_at)
       select $7, id, now() + $10::int * interval '1 second' from s
     )${bind ? `, ${bind.cte}` : ""}
     select ${USER_COLUMNS} from u`,
    [u.email, u.name, u.role, u.companyName, u.passwordHash, s.id, s.refreshHash, s.client, s.userAgent, REFRESH_TOKEN_TTL_SECONDS, ...(bind?.params ?? [])],
  );
  return rows[0] ?? null;
}

export async function findCredentials(db: Db, email: string): Promise<CredentialRow | null> {
  const rows = await db.query<CredentialRow>(`select ${USER_COLUMNS}, u.password_hash from auth.users u where u.email = $1`, [email]);
  return rows[0] ?? null;
}

export async function findUser(db: Db, id: string): Promise<UserRow | null> {
  const rows = await db.query<UserRow>(`select ${USER_COLUMNS} from auth.users u where u.id = $1`, [id]);
  return rows[0] ?? null;
}

/** Opens a session for a verified login; with `rehash`, upgrades the stored password hash in the same transaction. */
export async function startSession(db: Db, userId: string, s: NewSession, rehash?: { from: string; to: string }): Promise<void> {
  await db.batch([
    { text: "insert into auth.sessions (id, user_id, client, user_agent) values ($1, $2, $3, $4)", params: [s.id, userId, s.client, s.userAgent] },
    {
      text: "insert into auth.refresh_tokens (token_hash, session_id, expires_at) values ($1, $2, now() + $3::int * interval '1 second')",
      params: [s.refreshHash, s.id, REFRESH_TOKEN_TTL_SECONDS],
    },
    // Only if nobody changed it meanwhile.
    ...(rehash
      ? [
          {
            text: "update auth.users set password_hash = $1, updated_at = now() where id = $2 and password_hash = $3",
            params: [rehash.to, userId, rehash.from],
          },
        ]
      : []),
  ]);
}

/**
 * Spends a refresh token and issues its successor, in one statement; the spent row keeps the
 * successor's hash and its sealed grant (refresh-grace.ts). Returns the session's user, or null when
 * the token is unknown, expired, already spent or its session revoked. Two concurrent uses of one
 * token: the row lock lets one through; the other sees it spent (and may be inside the grace).
 */
export async function rotateRefreshToken(db: Db, oldHash: string, newHash: string, sealed: string): Promise<(UserRow & { session_id: string }) | null> {
  const rows = await db.query<UserRow & { session_id: string }>(
    `with claimed as (
       update auth.refresh_tokens t set used_at = now(), successor_hash = $2, successor_sealed = $4
       from auth.sessions s
       where t.token_hash = $1 and t.used_at is null and t.expires_at > now()
         and s.id = t.session_id and s.revoked_at is null
       returning t.session_id
     ), fresh as (
       insert into auth.refresh_tokens (token_hash, session_id, expires_at)
       select $2, session_id, now() + $3::int * interval '1 second' from claimed
       returning session_id
     ), touched as (
       update auth.sessions set last_used_at = now() where id in (select session_id from fresh)
     )
     select ${USER_COLUMNS}, f.session_id::text as session_id
     from fresh f join auth.sessions s on s.id = f.session_id join auth.users u on u.id = s.user_id`,
    [oldHash, newHash, REFRESH_TOKEN_TTL_SECONDS, sealed],
  );
  return rows[0] ?? null;
}

export interface RefreshTokenState extends UserRow {
  session_id: string;
  user_id: string;
  used: boolean;
  expired: boolean;
  revoked: boolean;
  /** Spent less than REFRESH_GRACE_SECONDS ago, its successor unspent and unexpired, the session live. */
  in_grace: boolean;
  successor_hash: string | null;
  successor_sealed: string | null;
}

/** Why a refresh token was refused (or whether it is inside the grace): what the database knows of it,
 *  with the session's user; null if it was never issued. */
export async function inspectRefreshToken(db: Db, hash: string): Promise<RefreshTokenState | null> {
  const rows = await db.query<RefreshTokenState>(
    `select t.session_id::text as session_id, s.user_id::text as user_id, t.used_at is not null as used,
            t.expires_at <= now() as expired, s.revoked_at is not null as revoked,
            coalesce(t.used_at > now() - $2::int * interval '1 second' and n.used_at is null
                     and n.expires_at > now() and s.revoked_at is null, false) as in_grace,
            t.successor_hash, t.successor_sealed, ${USER_COLUMNS}
     from auth.refresh_tokens t join auth.sessions s on s.id = t.session_id join auth.users u on u.id = s.user_id
     left join auth.refresh_tokens n on n.token_hash = t.successor_hash
     where t.token_hash = $1`,
    [hash, REFRESH_GRACE_SECONDS],
  );
  return rows[0] ?? null;
}

/** Marks the session revoked; false when it already was (or does not exist). */
export async function revokeSession(db: Db, sid: string, reason: "logout" | "refresh_reuse"): Promise<boolean> {
  const rows = await db.query("update auth.sessions set revoked_at = now(), revoked_reason = $2 where id = $1 and revoked_at is null returning id", [
    sid,
    reason,
  ]);
  return rows.length > 0;
}

/** A session's state in the source of truth; null when there is no such session. */
export async function sessionState(db: Db, sid: string): Promise<{ active: true } | { active: false; reason: "logout" | "refresh_reuse" } | null> {
  const rows = await db.query<{ revoked_reason: "logout" | "refresh_reuse" | null }>("select revoked_reason from auth.sessions where id = $1", [sid]);
  if (!rows[0]) return null;
  const reason = rows[0].revoked_reason;
  return reason === null ? { active: true } : { active: false, reason };
}

export async function userSummaries(db: Db, ids: string[]): Promise<UserSummary[]> {
  if (!ids.length) return [];
  return db.query<UserSummary & Record<string, unknown>>("select id::text as id, name from auth.users where id = any($1::bigint[]) order by id", [ids]);
}

// ---- scheduled sweep (src/auth.sweep.ts; the rules are in migrations/README.md) ----

/** Deletes up to `limit` refresh tokens that expired more than `retentionSeconds` ago, oldest first. */
export async function deleteExpiredRefreshTokens(db: Db, limit: number, retentionSeconds: number): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `with gone as (
       delete from auth.refresh_tokens where token_hash in (
         select token_hash from auth.refresh_tokens
          where expires_at < now() - make_interval(secs => $2) order by expires_at limit $1)
       returning 1)
     select count(*)::int as n from gone`,
    [limit, retentionSeconds],
  );
  return rows[0]?.n ?? 0;
}

/**
 * Deletes up to `limit` sessions that nothing can use any more: no refresh token left (so none can be
 * rotated, and deleting cascades to nothing) and unused for `idleSeconds` (so every access token it
 * issued has expired). Nothing gives a token to a session that has none: rotation needs a live one.
 */
export async function deleteDeadSessions(db: Db, limit: number, idleSeconds: number): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `with gone as (
       delete from auth.sessions where id in (
         select s.id from auth.sessions s
          where s.last_used_at < now() - make_interval(secs => $2)
            and not exists (select 1 from auth.refresh_tokens t where t.session_id = s.id)
          limit $1)
       returning 1)
     select count(*)::int as n from gone`,
    [limit, idleSeconds],
  );
  return rows[0]?.n ?? 0;
}
