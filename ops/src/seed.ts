// Demo and benchmark data, written straight to Postgres (each service's schema, as its migrations
// define it). `npm run seed` seeds the demo set; `npm run seed -- --scale 10000` adds a benchmark-size
// set (10,000 pitches, 1,000 users). Seeding twice does not duplicate: each data set is recorded in
// public.seed_runs and users are keyed by email.
import pg from "pg";
import { hashPassword } from "../../services/auth/src/password";
import { GENRES, FORMATS } from "../../packages/contracts/src/pitch";
import { mulberry32 } from "../../packages/local-backends/src/prng";

export const DEMO_PASSWORD = "Demo123!pitchey";
export const DEMO_ACCOUNTS = [
  { email: "alex.creator@demo.com", name: "Alex Rivera", role: "creator", companyName: null },
  { email: "sarah.investor@demo.com", name: "Sarah Chen", role: "investor", companyName: "Chen Ventures" },
  { email: "stellar.production@demo.com", name: "Stellar Productions", role: "production", companyName: "Stellar Productions Ltd" },
] as const;

/** A local staff account: a tester may force a canary arm (X-Pitchey-Arm; docs/releases.md). */
export const DEMO_TESTER = { email: "tess.tester@demo.com", name: "Tess Tester", role: "investor", flags: ["tester"] } as const;

/** Deterministic pseudo-random numbers, so every machine seeds the same data. */
function rng(seed: number) {
  const next = mulberry32(seed);
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

const WORDS = [
  "Midnight",
  "Harbor",
  "Echo",
  "Glass",
  "Orchard",
  "Signal",
  "Copper",
  "Tide",
  "Atlas",
  "Ember",
  "Velvet",
  "Static",
  "Northern",
  "Paper",
  "Wild",
  "Silent",
  "Neon",
  "Hollow",
  "Golden",
  "Last",
];
const NOUNS = [
  "Kingdom",
  "Protocol",
  "Summer",
  "Lighthouse",
  "Heist",
  "Frontier",
  "Choir",
  "Garden",
  "Circuit",
  "Reunion",
  "Archive",
  "Voyage",
  "Rebellion",
  "Diner",
  "Orbit",
];
const LOGLINES = [
  "A disgraced %s must team up with a rival to save the town that exiled them.",
  "When a %s discovers a hidden ledger, three families are forced to tell the truth.",
  "A reluctant %s races against a storm to deliver a message that could end a war.",
  "Two estranged siblings inherit a %s and the secrets buried beneath it.",
  "A young %s hacks the city's memory to find out who erased her mother.",
];
const ROLES_IN_LOGLINE = ["detective", "chef", "astronaut", "beekeeper", "lawyer", "pilot", "teacher", "smuggler"];

export interface SeedOptions {
  /** Benchmark-size data: this many pitches and scale/10 users. */
  scale?: number;
  log?: (line: string) => void;
}

function progress(label: string, total: number) {
  const tty = process.stderr.isTTY;
  let last = -1;
  return (done: number) => {
    const pct = Math.floor((done / total) * 100);
    if (pct === last) return;
    last = pct;
    const bar = "#".repeat(Math.floor(pct / 4)).padEnd(25, ".");
    if (tty) process.stderr.write(`\r  ${label} [${bar}] ${pct}% (${done}/${total})${done === total ? "\n" : ""}`);
    else if (pct % 25 === 0) process.stderr.write(`  ${label} ${pct}% (${done}/${total})\n`);
  };
}

async function upsertUsers(
  client: pg.Client,
  users: { email: string; name: string; role: string; companyName: string | null; hash: string }[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (let i = 0; i < users.length; i += 500) {
    const chunk = users.slice(i, i + 500);
    await client.query(
      `insert into auth.users (email, name, role, company_name, password_hash)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
       on conflict (email) do nothing`,
      [chunk.map((u) => u.email), chunk.map((u) => u.name), chunk.map((u) => u.role), chunk.map((u) => u.companyName), chunk.map((u) => u.hash)],
    );
  }
  const rows = await client.query("select id::text as id, email from auth.users where email = any($1::text[])", [users.map((u) => u.email)]);
  for (const r of rows.rows) ids.set(r.email, r.id);
  return ids;
}

interface SeedPitch {
  creatorId: string;
  title: string;
  genre: string;
  format: string;
  status: string;
  visibility: string;
  budget: number;
  seeking: number;
  views: number;
  ageDays: number;
}

async function insertPitches(client: pg.Client, pitches: SeedPitch[], tick: (n: number) => void): Promise<{ id: string; p: SeedPitch }[]> {
  const out: { id: string; p: SeedPitch }[] = [];
  const R = rng(7);
  for (let i = 0; i < pitches.length; i += 1000) {
    const chunk = pitches.slice(i, i + 1000);
    const rows = await client.query(
      `insert into pitch.pitches (creator_id, title, logline, genre, format, synopsis, target_audience, budget_cents, seeking_cents,
         status, visibility, require_nda, protected, view_count, created_at, updated_at, published_at, trending_log)
       select c, t, l, g, f, s, 'Adults 18-49', b, sk, st, v, v <> 'public', pr::jsonb, vc,
              now() - (age || ' days')::interval, now() - (age || ' days')::interval,
              case when st = 'draft' then null else now() - (age || ' days')::interval end,
              -- Trending as if the views came in evenly over the pitch's life (see pitch.repo.ts countView).
              case when vc > 0 and st = 'published'
                   then ln(vc::float8) + (extract(epoch from now()) - age * 43200) / 86400 * ln(2) else -1e9 end
         from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[],
                     $9::text[], $10::text[], $11::text[], $12::bigint[], $13::int[])
           as x(c, t, l, g, f, s, b, sk, st, v, pr, vc, age)
       returning id::text as id`,
      [
        chunk.map((p) => p.creatorId),
        chunk.map((p) => p.title),
        chunk.map(() => R.pick(LOGLINES).replace("%s", R.pick(ROLES_IN_LOGLINE))),
        chunk.map((p) => p.genre),
        chunk.map((p) => p.format),
        chunk.map((p) => `${p.title} is a ${p.genre} ${p.format} told over three acts.`),
        chunk.map((p) => p.budget),
        chunk.map((p) => p.seeking),
        chunk.map((p) => p.status),
        chunk.map((p) => p.visibility),
        chunk.map((p) =>
          JSON.stringify({
            budgetBreakdown: `Production ${Math.round((p.budget * 0.6) / 100)} USD, marketing ${Math.round((p.budget * 0.2) / 100)} USD`,
            financialProjections: "Break-even in year two",
            attachedTalent: "Casting in progress",
            distributionPlan: "Festival circuit, then streaming",
            contactEmail: "pitches@pitchey.example",
          }),
        ),
        chunk.map((p) => p.views),
        chunk.map((p) => p.ageDays),
      ],
    );
    rows.rows.forEach((r, j) => out.push({ id: r.id, p: chunk[j]! }));
    tick(Math.min(i + chunk.length, pitches.length));
  }
  return out;
}

function makePitches(R: ReturnType<typeof rng>, creators: string[], count: number): SeedPitch[] {
  const STATUS = ["published", "published", "published", "published", "published", "published", "published", "draft", "draft", "archived"];
  const VIS = ["public", "public", "public", "public", "public", "public", "public", "investors", "investors", "private"];
  return Array.from({ length: count }, (_, i) => ({
    creatorId: creators[i % creators.length]!,
    title: `${R.pick(WORDS)} ${R.pick(NOUNS)}${i >= WORDS.length * NOUNS.length ? ` ${i}` : ""}`,
    // Every genre and format appears: cycle them, offset so the pairs vary.
    genre: GENRES[i % GENRES.length]!,
    format: FORMATS[(i + Math.floor(i / GENRES.length)) % FORMATS.length]!,
    status: i < 30 ? ["published", "draft", "archived"][i % 3]! : R.pick(STATUS),
    visibility: i < 30 ? ["public", "investors", "private"][Math.floor(i / 3) % 3]! : R.pick(VIS),
    budget: R.int(5, 5000) * 10_000_00,
    seeking: R.int(1, 50) * 1_000_000,
    views: Math.floor(1000 / (1 + R.int(0, 200))) - 4 > 0 ? Math.floor(1000 / (1 + R.int(0, 200))) : 0,
    ageDays: R.int(0, 120),
  }));
}

async function alreadySeeded(client: pg.Client, name: string): Promise<boolean> {
  await client.query("create table if not exists public.seed_runs (name text primary key, applied_at timestamptz not null default now())");
  const r = await client.query("insert into public.seed_runs (name) values ($1) on conflict do nothing returning name", [name]);
  return r.rowCount === 0;
}

async function seedDataset(client: pg.Client, name: string, nUsers: number, nPitches: number, log: (l: string) => void, demo: boolean) {
  await client.query("begin");
  try {
    if (await alreadySeeded(client, name)) {
      await client.query("rollback");
      log(`seed "${name}": already present, nothing to do`);
      return;
    }
    const R = rng(name.length * 7919 + nPitches);
    // One hash for every generated account (same demo password): PBKDF2 at 100k per user would make
    // a 1,000-user seed take a minute. Demo accounts get their own salt.
    const shared = await hashPassword(DEMO_PASSWORD);
    const users: { email: string; name: string; role: string; companyName: string | null; hash: string }[] = [];
    if (demo) for (const a of DEMO_ACCOUNTS) users.push({ ...a, hash: await hashPassword(DEMO_PASSWORD) });
    const tag = demo ? "demo" : `scale${nPitches}`;
    for (let i = 0; i < nUsers; i++) {
      const role = i % 5 < 2 ? "creator" : i % 5 < 4 ? "investor" : "production";
      users.push({
        email: `${role}${i}.${tag}@seed.pitchey.dev`,
        name: `${R.pick(["Jordan", "Sam", "Riley", "Avery", "Morgan", "Casey", "Quinn", "Taylor"])} ${R.pick(["Okafor", "Lindqvist", "Moreau", "Tanaka", "Silva", "Novak", "Haddad", "Byrne"])}`,
        role,
        companyName: role === "production" ? `Studio ${i}` : null,
        hash: shared,
      });
    }
    const ids = await upsertUsers(client, users);
    const byRole = (role: string) =>
      users
        .filter((u) => u.role === role)
        .map((u) => ids.get(u.email)!)
        .filter(Boolean);
    const creators = [...byRole("creator"), ...byRole("production")];
    const investors = byRole("investor");
    const requesters = [...investors, ...byRole("production")];
    log(`seed "${name}": ${users.length} users`);

    const specs = makePitches(R, creators, nPitches);
    if (demo) {
      // Alex (the demo creator) owns the first pitches: every status and visibility.
      const alex = ids.get("alex.creator@demo.com")!;
      specs.slice(0, 12).forEach((p) => (p.creatorId = alex));
    }
    const pitches = await insertPitches(client, specs, progress("pitches", specs.length));
    const visibleTo = (p: SeedPitch) => p.status === "published" && p.visibility !== "private";

    // NDA requests on published pitches, with every status.
    const published = pitches.filter((x) => visibleTo(x.p));
    const nda: [string, string, string, string, string | null][] = [];
    const seen = new Set<string>();
    const ndaCount = Math.min(Math.floor(nPitches * 0.6), published.length * 3);
    for (let i = 0; i < ndaCount; i++) {
      const target = R.pick(published);
      const who = R.pick(requesters);
      if (who === target.p.creatorId || seen.has(`${target.id}/${who}`)) continue;
      seen.add(`${target.id}/${who}`);
      nda.push([
        target.id,
        who,
        target.p.creatorId,
        R.pick(["pending", "approved", "approved", "rejected", "revoked"]),
        R.next() < 0.5 ? "Interested in the financials." : null,
      ]);
    }
    if (demo) {
      // Sarah (the demo investor) holds approved NDAs on two of Alex's published public pitches.
      const sarah = ids.get("sarah.investor@demo.com")!;
      for (const x of pitches
        .slice(0, 12)
        .filter((x) => x.p.status === "published" && x.p.visibility === "public")
        .slice(0, 2)) {
        if (!seen.has(`${x.id}/${sarah}`)) nda.push([x.id, sarah, x.p.creatorId, "approved", "Demo NDA"]);
        seen.add(`${x.id}/${sarah}`);
      }
    }
    for (let i = 0; i < nda.length; i += 1000) {
      const c = nda.slice(i, i + 1000);
      await client.query(
        `insert into pitch.ndas (pitch_id, requester_id, owner_id, status, message, decided_at)
         select p, r, o, s, m, case when s = 'pending' then null else now() - interval '1 day' end
           from unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[]) as x(p, r, o, s, m)`,
        [c.map((x) => x[0]), c.map((x) => x[1]), c.map((x) => x[2]), c.map((x) => x[3]), c.map((x) => x[4])],
      );
    }
    log(`seed "${name}": ${nda.length} NDA requests`);

    // Watchlists and investments (with their ledger entries) for investors, on visible published pitches.
    const visible = published.filter((x) => x.p.visibility === "public" || x.p.visibility === "investors");
    const watch: [string, string, string | null][] = [];
    const inv: [string, string, string, string, number, string][] = [];
    for (const investor of investors) {
      const picks = new Set<number>();
      const n = Math.min(R.int(3, 10), visible.length);
      while (picks.size < n) picks.add(R.int(0, visible.length - 1));
      for (const k of picks) watch.push([investor, visible[k]!.id, R.next() < 0.3 ? "Follow up after festival" : null]);
      for (let j = 0; j < R.int(1, 4); j++) {
        const x = R.pick(visible);
        inv.push([investor, x.id, x.p.title, x.p.genre, R.int(1, 200) * 10_000_00, R.pick(["pending", "committed", "committed", "withdrawn"])]);
      }
    }
    for (let i = 0; i < watch.length; i += 2000) {
      const c = watch.slice(i, i + 2000);
      await client.query(
        `insert into investor.watchlist (investor_id, pitch_id, note) select * from unnest($1::bigint[], $2::bigint[], $3::text[]) on conflict do nothing`,
        [c.map((x) => x[0]), c.map((x) => x[1]), c.map((x) => x[2])],
      );
    }
    for (let i = 0; i < inv.length; i += 2000) {
      const c = inv.slice(i, i + 2000);
      await client.query(
        `with new as (
           insert into investor.investments (investor_id, pitch_id, pitch_title, pitch_genre, amount_cents, currency, status)
           select i, p, t, g, a, 'USD', s from unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[]) as x(i, p, t, g, a, s)
           returning id, investor_id, amount_cents, status)
         insert into investor.ledger_entries (investment_id, investor_id, kind, amount_cents, currency)
         select id, investor_id, 'investment', amount_cents, 'USD' from new
         union all
         select id, investor_id, 'withdrawal', -amount_cents, 'USD' from new where status = 'withdrawn'`,
        [c.map((x) => x[0]), c.map((x) => x[1]), c.map((x) => x[2]), c.map((x) => x[3]), c.map((x) => x[4]), c.map((x) => x[5])],
      );
    }
    log(`seed "${name}": ${watch.length} watchlist items, ${inv.length} investments`);
    await client.query("commit");
  } catch (err) {
    await client.query("rollback").catch(() => {});
    throw err;
  }
}

/** Its own step (not part of "demo"), so databases seeded before staff flags existed get it too. */
async function seedTester(client: pg.Client, log: (l: string) => void): Promise<void> {
  const t = DEMO_TESTER;
  const r = await client.query(
    `insert into auth.users (email, name, role, password_hash, flags) values ($1, $2, $3, $4, $5::text[])
     on conflict (email) do nothing returning id`,
    [t.email, t.name, t.role, await hashPassword(DEMO_PASSWORD), t.flags],
  );
  if (r.rowCount) log(`seed: staff account ${t.email} (${t.flags.join(", ")})`);
}

export async function seed(databaseUrl: string, opts: SeedOptions = {}): Promise<void> {
  const log = opts.log ?? ((l: string) => console.log(`[seed] ${l}`));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock(727275)");
    await seedDataset(client, "demo", 40, 240, log, true);
    await seedTester(client, log);
    if (opts.scale) await seedDataset(client, `scale-${opts.scale}`, Math.max(10, Math.floor(opts.scale / 10)), opts.scale, log, false);
    // VACUUM merges the GIN pending list: until then the planner shuns the full-text index.
    await client.query("vacuum analyze");
  } finally {
    await client.end();
  }
}

if (import.meta.filename === process.argv[1]) {
  const i = process.argv.indexOf("--scale");
  const scale = i > 0 ? Number(process.argv[i + 1]) : undefined;
  if (scale !== undefined && !(Number.isInteger(scale) && scale > 0 && scale <= 1_000_000)) {
    console.error("--scale takes a whole number of pitches (1 to 1,000,000)");
    process.exit(2);
  }
  const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/pitchey";
  await seed(url, { scale });
}
