// Fuzz: at least 1,000 requests generated from the OpenAPI document the gateway serves (src/fuzz.ts),
// seeded (the seed is printed; RESILIENCE_SEED repeats a run): 0 × 5xx, every 4xx is problem+json.
import { afterAll, describe, expect, inject, it } from "vitest";
import { pitchBody, register, type Actor } from "../src/actors";
import { fuzzCase, operations, type FuzzContext, type Operation } from "../src/fuzz";
import { Client, closeAgents, isProblem, type Answer } from "../src/http";
import { random } from "../src/random";
import { addRow } from "../src/report";

const CASES = Number(process.env.RESILIENCE_FUZZ_CASES ?? 1_200);
const PARALLEL = Number(process.env.RESILIENCE_FUZZ_PARALLEL ?? 6);

afterAll(() => closeAgents());

describe("requests the fuzzer found a 5xx for", () => {
  it("GET and HEAD with a body are answered as without one", async () => {
    const c = new Client(inject("baseUrl"), "127.0.0.3");
    for (const method of ["GET", "HEAD"]) {
      for (const path of ["/api/pitches", "/api/health/live", "/api/auth/me"]) {
        const a = await c.send({ method, path, json: { title: "a body where none belongs" } });
        expect({ method, path, status: a.status }).toEqual({ method, path, status: path === "/api/auth/me" ? 401 : 200 });
      }
    }
  });
});

describe("bodies over the gateway's limit", () => {
  it("are answered 413 problem+json through the edge, however big, not with a reset connection", async () => {
    const c = new Client(inject("baseUrl"), "127.0.0.3");
    for (const size of [1_100_000, 2_000_000, 8_000_000]) {
      for (const path of ["/api/auth/register", "/api/nope"]) {
        const a = await c.send({ method: "POST", path, headers: { "content-type": "application/json" }, body: JSON.stringify({ pad: "x".repeat(size) }) });
        expect({ size, path, status: a.status, problem: isProblem(a) }).toEqual({ size, path, status: path === "/api/nope" ? 404 : 413, problem: true });
      }
    }
  });
});

describe("fuzz from the OpenAPI document", () => {
  it(`answers ${CASES} hostile requests with 0 × 5xx, and every 4xx as problem+json`, async () => {
    const seed = inject("seed");
    // Its own client address, so its failed sign-ins fill no limit the rest of the suite shares.
    const c = new Client(inject("baseUrl"), "127.0.0.3");
    const doc = (await c.send({ method: "GET", path: "/api/openapi.json" })).json;
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(20);

    const creator = await register(c, "creator", "fuzz");
    const investor = await register(c, "investor", "fuzz");
    const production = await register(c, "production", "fuzz");
    const quitter = await register(c, "investor", "fuzz-logout");
    const ok = async (a: Promise<Answer>) => {
      const r = await a;
      if (r.status >= 300) throw new Error(`fuzz fixture: ${r.status} ${r.text}`);
      return r.json.data;
    };
    const newPitch = async (publish: boolean) => {
      const p = await ok(c.send({ method: "POST", path: "/api/pitches", token: creator.token, json: pitchBody(`fuzz-${crypto.randomUUID().slice(0, 8)}`) }));
      if (publish) await ok(c.send({ method: "POST", path: `/api/pitches/${p.id}/publish`, token: creator.token }));
      return p.id as string;
    };
    const pitchId = await newPitch(true);
    const victim = await newPitch(true);
    const nda = await ok(c.send({ method: "POST", path: `/api/pitches/${await newPitch(true)}/nda`, token: investor.token, json: {} }));
    const investment = await ok(c.send({ method: "POST", path: "/api/investor/investments", token: investor.token, json: { pitchId, amountCents: 10_000 } }));

    /** The ids a valid request of `op` names, and who sends it (the caller the route is for). */
    const setting = (op: Operation): { ctx: FuzzContext; who: Actor | null } => {
      const id = op.path.startsWith("/api/ndas/")
        ? nda.id
        : op.path.startsWith("/api/investor/investments/")
          ? investment.id
          : /^(DELETE|POST) \/api\/pitches\/\{id\}(\/archive)?$/.test(`${op.method} ${op.path}`)
            ? victim
            : pitchId;
      const ctx = { ids: { id, pitchId }, pitchId };
      if (op.path === "/api/auth/logout") return { ctx, who: quitter };
      if (op.path.startsWith("/api/investor") || op.path.endsWith("/nda")) return { ctx, who: investor };
      if (op.path.startsWith("/api/ndas") || (op.path.startsWith("/api/pitches") && op.method !== "GET")) return { ctx, who: creator };
      if (op.path.startsWith("/api/auth")) return { ctx, who: op.path === "/api/auth/me" ? production : null };
      return { ctx, who: null };
    };

    const root = random(seed).fork("fuzz");
    const failures: string[] = [];
    const kinds: Record<string, number> = {};
    let sent = 0;
    let unsendable = 0;
    const statuses = new Map<number, number>();
    for (let i = 0; i < CASES; i += PARALLEL) {
      await Promise.all(
        Array.from({ length: Math.min(PARALLEL, CASES - i) }, async (_, j) => {
          const n = i + j;
          const op = ops[n % ops.length]!;
          const { ctx, who } = setting(op);
          const fc = fuzzCase(op, ctx, root.fork(`case${n}`));
          const token = fc.call.headers?.authorization ? undefined : who?.token;
          const a = await c.send({ ...fc.call, token, timeoutMs: 20_000 });
          if (a.unsent) return void unsendable++;
          sent++;
          statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
          const what = `${fc.call.method} ${op.path} (${fc.mutation}) [case ${n}]`;
          let kind: string | null = null;
          if (a.status === 0) kind = `no answer: ${a.error}`;
          else if (a.status >= 500) kind = `${a.status} ${a.json?.code ?? "not problem+json"}`;
          else if (a.status >= 400 && !(fc.call.method === "HEAD" ? /^application\/problem\+json\b/.test(a.headers["content-type"] ?? "") : isProblem(a)))
            kind = `${a.status} not problem+json`;
          if (kind) {
            kinds[kind] = (kinds[kind] ?? 0) + 1;
            failures.push(
              `${kind}: ${what} → ${a.headers["x-pitchey-service"] ?? "-"} ${a.headers["content-type"] ?? "(no content-type)"} ${a.text.slice(0, 160)}`,
            );
          }
        }),
      );
    }
    const byStatus = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, k]) => `${s} ×${k}`)
      .join(", ");
    console.log(`[fuzz] seed ${seed}: ${sent} requests over ${ops.length} operations (${unsendable} not sendable by Node's client); answers: ${byStatus}`);
    addRow({
      fault: "fuzz",
      requests: sent,
      errors: kinds,
      writesChecked: 0,
      lost: 0,
      note: `seed ${seed} (RESILIENCE_SEED=${seed} repeats it); ${ops.length} operations; answers ${byStatus}`,
    });
    expect(sent).toBeGreaterThanOrEqual(1_000);
    expect(failures).toEqual([]);
  });
});
