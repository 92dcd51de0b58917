// Prints the query plans of the pitch browse queries (list, filter, search, trending, popular, mine)
// against DATABASE_URL — run it on a `--scale` dataset: `npm run seed -- --scale 10000` first.
import pg from "pg";

const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/pitchey";
const VIS = "status = 'published' and visibility = any('{public,investors}'::text[])";
const queries: [string, string][] = [
  ["browse, sort=new (first page)", `select id from pitch.pitches p where ${VIS} order by p.published_at desc, p.id desc limit 21`],
  [
    "browse, sort=new (after a cursor)",
    `select id from pitch.pitches p where ${VIS} and (p.published_at, p.id) < (now() - interval '30 days', 5000) order by p.published_at desc, p.id desc limit 21`,
  ],
  ["browse, genre filter", `select id from pitch.pitches p where ${VIS} and genre = 'drama' order by p.published_at desc, p.id desc limit 21`],
  [
    "browse, budget range",
    `select id from pitch.pitches p where ${VIS} and budget_cents between 100000000 and 200000000 order by p.published_at desc, p.id desc limit 21`,
  ],
  [
    "search, rare term (GIN)",
    `select id from pitch.pitches p where ${VIS} and search @@ websearch_to_tsquery('english', 'lighthouse heist') order by p.published_at desc, p.id desc limit 21`,
  ],
  [
    "search, common term",
    `select id from pitch.pitches p where ${VIS} and search @@ websearch_to_tsquery('english', 'kingdom') order by p.published_at desc, p.id desc limit 21`,
  ],
  ["sort=trending", `select id from pitch.pitches p where ${VIS} order by p.trending_log desc, p.id desc limit 21`],
  ["sort=popular", `select id from pitch.pitches p where ${VIS} order by p.view_count desc, p.id desc limit 21`],
];

const client = new pg.Client({ connectionString: url });
await client.connect();
const n = (await client.query("select count(*)::int as n from pitch.pitches")).rows[0].n;
const creator = (await client.query("select creator_id::text as c from pitch.pitches group by 1 order by count(*) desc limit 1")).rows[0]?.c ?? "0";
queries.push(["mine (busiest creator)", `select id from pitch.pitches p where creator_id = ${Number(creator)} order by p.created_at desc, p.id desc limit 21`]);
console.log(`pitch.pitches: ${n} rows\n`);
for (const [name, sql] of queries) {
  const plan = await client.query(`explain (analyze, costs off, timing off, summary on) ${sql}`);
  console.log(`-- ${name}\n${plan.rows.map((r) => r["QUERY PLAN"]).join("\n")}\n`);
}
await client.end();
