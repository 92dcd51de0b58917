// Who may touch what in Postgres, and the limits on every service's connections — the one place.
// The migration runner (migrate.ts → apply-roles.ts) makes the database match this; `npm start` and
// the tests hand each Worker a connection string for its own role (roleUrl). Pure data: Workers'
// tests import it too (`@pitchey/local-backends/db-roles`). Operators' view: docs/operations.md.

/** Where the runner runs: `npm run migrate -- --env <name>`; tests use "test", `npm start` "development". */
export const DB_ENVIRONMENTS = ["development", "test", "staging", "production"] as const;
export type DbEnvironment = (typeof DB_ENVIRONMENTS)[number];

/** Set on each service role with `ALTER ROLE … IN DATABASE … SET` (works on Neon, where ALTER SYSTEM does not). */
export interface DbLimits {
  /** Any statement running longer is cancelled (SQLSTATE 57014 → 503 DATABASE_TIMEOUT). */
  statementTimeoutMs: number;
  /** Waiting longer than this for a lock cancels the statement (55P03 → 503 DATABASE_TIMEOUT). */
  lockTimeoutMs: number;
  /** A transaction left idle this long has its connection closed (25P03), releasing its locks. */
  idleInTransactionSessionTimeoutMs: number;
}

// Production: statements end well inside the gateway's 10 s budget per call (UPSTREAM_TIMEOUT_MS),
// so the database stops working on a request the gateway has already answered with a 504. Locks
// are held by one-statement writes for milliseconds; two seconds of waiting means contention.
const SERVED: DbLimits = { statementTimeoutMs: 5_000, lockTimeoutMs: 2_000, idleInTransactionSessionTimeoutMs: 10_000 };

export const DB_LIMITS: Record<DbEnvironment, DbLimits> = {
  production: SERVED,
  staging: SERVED,
  development: SERVED,
  // Shorter, so the timeout tests wait less; still above the slowest statement a test makes on
  // purpose (a 2 s trigger in the investor idempotency test).
  test: { statementTimeoutMs: 3_000, lockTimeoutMs: 1_000, idleInTransactionSessionTimeoutMs: 5_000 },
};

export interface ServiceRole {
  /** The Worker (services/<service>) that connects as this role. */
  service: string;
  /** Postgres role name: cluster-wide, the same in every database of a server. */
  role: string;
  /** The one schema it may read and write (tables and sequences); null: it may only connect. */
  schema: string | null;
}

/** Each service owns one schema and reaches everything else through RPC; the gateway has no database. */
export const SERVICE_ROLES: readonly ServiceRole[] = [
  { service: "auth", role: "pitchey_auth", schema: "auth" },
  { service: "pitch", role: "pitchey_pitch", schema: "pitch" },
  { service: "investor", role: "pitchey_investor", schema: "investor" },
  // Its readiness check runs `select 1`; it owns no tables.
  { service: "health", role: "pitchey_health", schema: null },
];

export const roleOf = (service: string): ServiceRole | undefined => SERVICE_ROLES.find((r) => r.service === service);

export function isDbEnvironment(v: string): v is DbEnvironment {
  return (DB_ENVIRONMENTS as readonly string[]).includes(v);
}

/**
 * The owner's URL with another user: locally (trust authentication) the password is a placeholder
 * the Neon driver insists on and Postgres ignores. On Neon each service's URL, with the role's real
 * password, is that service's DATABASE_URL secret — never built here.
 */
export function roleUrl(ownerUrl: string, role: string, password = "local"): string {
  const u = new URL(ownerUrl);
  u.username = role;
  u.password = password;
  return u.toString();
}
