// The mixed workload through the gateway: browse, detail, create/patch/publish, NDA requests and
// decisions, investments with an Idempotency-Key, logins and a few signed-in reads. Each lane is one
// sequential client with its own creator and investor (so a pitch's patches never race each other);
// lanes run side by side. Every answer is classified against the parts the current fault breaks;
// every write goes into the journal the database is checked against.
import { pitchBody, login, register, type Actor } from "./actors";
import { isCleanUnavailable, type Answer, type Client } from "./http";
import { INITIAL_SYNOPSIS, type Write } from "./journal";
import type { Random } from "./random";
import { EXPECTED, Tally } from "./report";
import { MESH } from "./settings";

/** What a route needs to answer: its service, and Postgres unless the answer may come from a cache. */
export type Part = "auth" | "pitch" | "investor" | "postgres";

/** How late a failure may come: the gateway's budget, plus slack for a loaded 2-CPU machine. */
export const FAILURE_DEADLINE_MS = MESH.upstreamTimeoutMs + 2_000;

export interface Phase {
  /** Parts the fault breaks: a route depending on one may fail, as a clean 503/504. */
  breaks: Part[];
  /** Prefix for the kinds counted in this window ("after recovery: "). */
  label: string;
  tally: Tally;
}

interface Lane {
  creator: Actor;
  investor: Actor;
  drafts: string[];
  published: string[];
  /** Every pitch of this lane's creator, for patches. */
  own: string[];
  /** Pitches this lane's investor asked an NDA for (once each, whatever the answer). */
  asked: Set<string>;
}

interface Op {
  name: string;
  weight: number;
  run(lane: Lane, rnd: Random, phase: Phase): Promise<void>;
}

export class Workload {
  readonly journal: Write[] = [];
  /** Published pitches of the seed and of the lanes (investments, NDA requests, reads). */
  readonly catalogue: string[] = [];
  /** Pending NDA requests per owner (creator id): the owner's lane decides them. */
  readonly pendingNdas = new Map<string, string[]>();
  /** Reads made just before a fault: their answers are cached, so they must keep answering. */
  warm: string[] = [];
  private lanes: Lane[] = [];
  private seq = 0;
  private ops: Op[];

  constructor(
    readonly client: Client,
    readonly rnd: Random,
  ) {
    this.ops = this.operations();
  }

  async setup(lanes: number): Promise<void> {
    for (let i = 0; i < lanes; i++) {
      const creator = await register(this.client, "creator", `lane${i}`);
      const investor = await register(this.client, "investor", `lane${i}`);
      this.lanes.push({ creator, investor, drafts: [], published: [], own: [], asked: new Set() });
    }
    const list = await this.client.send({ method: "GET", path: "/api/pitches?limit=50" });
    if (list.status !== 200) throw new Error(`browse: ${list.status} ${list.text}`);
    // Public, published seed pitches: what every lane may read, request an NDA for and invest in.
    this.catalogue.push(...list.json.data.filter((p: { visibility: string }) => p.visibility === "public").map((p: { id: string }) => p.id));
    // Each lane starts with published pitches of its own, so NDA requests have somewhere to go.
    const tally = new Tally();
    const phase: Phase = { breaks: [], label: "setup: ", tally };
    for (const lane of this.lanes)
      for (let k = 0; k < 2; k++) {
        await this.op("create pitch").run(lane, this.rnd, phase);
        await this.op("publish").run(lane, this.rnd, phase);
      }
    if (Object.keys(tally.failures()).length) throw new Error(`workload setup failed: ${JSON.stringify(tally.all())}`);
  }

  /** The URLs of `warm`: first browse pages and a few pitches, read now so the caches hold them. */
  async warmUp(): Promise<void> {
    const pitches = this.catalogue.slice(0, 8).map((id) => `/api/pitches/${id}`);
    this.warm = ["/api/pitches", "/api/pitches?sort=trending", "/api/pitches?genre=drama", ...pitches];
    for (const path of this.warm) {
      const a = await this.client.send({ method: "GET", path });
      if (a.status !== 200) throw new Error(`warm-up read ${path}: ${a.status} ${a.text}`);
    }
  }

  /** Runs every lane for `ms`, classifying each answer against `phase`. */
  async run(ms: number, phase: Phase): Promise<void> {
    const until = Date.now() + ms;
    await Promise.all(
      this.lanes.map(async (lane, i) => {
        const rnd = this.rnd.fork(`lane${i}:${this.seq++}`);
        while (Date.now() < until) await this.pick(rnd).run(lane, rnd, phase);
      }),
    );
  }

  private pick(rnd: Random): Op {
    const total = this.ops.reduce((s, o) => s + o.weight, 0);
    let x = rnd.next() * total;
    for (const o of this.ops) if ((x -= o.weight) < 0) return o;
    return this.ops[0]!;
  }

  private op(name: string): Op {
    return this.ops.find((o) => o.name === name)!;
  }

  /** Counts the answer: null when it is what the route should answer, else its kind. */
  classify(name: string, deps: Part[], a: Answer, phase: Phase, ok: (a: Answer) => boolean): boolean {
    if (ok(a)) {
      phase.tally.add(null);
      return true;
    }
    const code = a.status === 0 ? a.error : (a.json?.code ?? "not problem+json");
    const allowed = deps.some((d) => phase.breaks.includes(d)) && isCleanUnavailable(a);
    if (allowed && a.ms <= FAILURE_DEADLINE_MS) phase.tally.add(`${a.status} ${code}${EXPECTED}`);
    else if (allowed) phase.tally.add(`${phase.label}${a.status} ${code} after ${Math.round(a.ms)} ms (${name})`);
    else phase.tally.add(`${phase.label}${a.status} ${code} (${name})`);
    return false;
  }

  private operations(): Op[] {
    const c = this.client;
    const is =
      (...s: number[]) =>
      (a: Answer) =>
        s.includes(a.status);
    const uid = () => crypto.randomUUID().slice(0, 12);
    return [
      {
        name: "cached read",
        weight: 14,
        run: async (_l, rnd, ph) => {
          if (!this.warm.length) return;
          const path = rnd.pick(this.warm);
          this.classify("cached read", ["pitch"], await c.send({ method: "GET", path }), ph, is(200));
        },
      },
      {
        name: "browse",
        weight: 6,
        run: async (_l, rnd, ph) => {
          const q = rnd.pick([
            "sort=new&limit=7",
            "sort=popular&limit=9",
            "genre=comedy&limit=11",
            `q=${rnd.pick(["heist", "family", "space"])}`,
            "format=short&limit=3",
          ]);
          this.classify("browse", ["pitch", "postgres"], await c.send({ method: "GET", path: `/api/pitches?${q}` }), ph, is(200));
        },
      },
      {
        name: "detail",
        weight: 8,
        run: async (l, rnd, ph) => {
          const id = rnd.pick([...this.catalogue, ...l.published]);
          this.classify("detail", ["pitch", "postgres"], await c.send({ method: "GET", path: `/api/pitches/${id}`, token: l.investor.token }), ph, is(200));
        },
      },
      {
        name: "create pitch",
        weight: 5,
        run: async (l, _rnd, ph) => {
          const title = `res-${uid()}`;
          const a = await c.send({ method: "POST", path: "/api/pitches", token: l.creator.token, json: { ...pitchBody(title), synopsis: INITIAL_SYNOPSIS } });
          const ok = this.classify("create pitch", ["pitch", "postgres"], a, ph, is(201));
          this.journal.push({ kind: "create-pitch", title, ok, ...(ok ? { id: a.json.data.id } : {}) });
          if (ok) {
            l.drafts.push(a.json.data.id);
            l.own.push(a.json.data.id);
          }
        },
      },
      {
        name: "patch",
        weight: 6,
        run: async (l, rnd, ph) => {
          if (!l.own.length) return;
          const id = rnd.pick(l.own);
          const synopsis = `patched ${uid()}`;
          const a = await c.send({ method: "PATCH", path: `/api/pitches/${id}`, token: l.creator.token, json: { synopsis } });
          const ok = this.classify("patch", ["pitch", "postgres"], a, ph, is(200));
          this.journal.push({ kind: "patch", pitchId: id, synopsis, ok });
          if (!ok) return;
          // Read-your-writes: the owner's next read shows the patch, whatever the caches held.
          const r = await c.send({ method: "GET", path: `/api/pitches/${id}`, token: l.creator.token });
          this.classify("read after patch", ["pitch", "postgres"], r, ph, is(200));
          if (r.status === 200 && r.json.data.synopsis !== synopsis) ph.tally.add(`${ph.label}stale read after a patch`);
        },
      },
      {
        name: "publish",
        weight: 4,
        run: async (l, _rnd, ph) => {
          const id = l.drafts.shift();
          if (!id) return;
          const a = await c.send({ method: "POST", path: `/api/pitches/${id}/publish`, token: l.creator.token });
          const ok = this.classify("publish", ["pitch", "postgres"], a, ph, is(200));
          this.journal.push({ kind: "publish", pitchId: id, ok });
          if (ok) l.published.push(id);
          else l.drafts.push(id); // tried again later
        },
      },
      {
        name: "NDA request",
        weight: 4,
        run: async (l, rnd, ph) => {
          const others = this.lanes.filter((o) => o !== l).flatMap((o) => o.published.map((id) => ({ id, owner: o.creator.id })));
          const open = others.filter((p) => !l.asked.has(p.id));
          if (!open.length) return;
          const p = rnd.pick(open);
          l.asked.add(p.id);
          const a = await c.send({ method: "POST", path: `/api/pitches/${p.id}/nda`, token: l.investor.token, json: { message: `please ${uid()}` } });
          const ok = this.classify("NDA request", ["pitch", "postgres"], a, ph, is(201));
          this.journal.push({ kind: "nda-request", pitchId: p.id, requesterId: l.investor.id, ok, ...(ok ? { id: a.json.data.id } : {}) });
          if (ok) this.pendingNdas.set(p.owner, [...(this.pendingNdas.get(p.owner) ?? []), a.json.data.id]);
        },
      },
      {
        name: "NDA decision",
        weight: 4,
        run: async (l, rnd, ph) => {
          const pending = this.pendingNdas.get(l.creator.id) ?? [];
          const ndaId = pending.shift();
          if (!ndaId) return;
          const decision = rnd.chance(0.7) ? "approved" : "rejected";
          const a = await c.send({ method: "POST", path: `/api/ndas/${ndaId}/${decision === "approved" ? "approve" : "reject"}`, token: l.creator.token });
          const ok = this.classify("NDA decision", ["pitch", "postgres"], a, ph, is(200));
          this.journal.push({ kind: "nda-decision", ndaId, decision, ok });
        },
      },
      {
        name: "invest",
        weight: 6,
        run: async (l, rnd, ph) => {
          const pitchId = rnd.pick([...this.catalogue, ...this.lanes.filter((o) => o !== l).flatMap((o) => o.published)]);
          const note = `inv-${uid()}`;
          const key = crypto.randomUUID();
          const body = { pitchId, amountCents: rnd.int(1, 500) * 10_000, note };
          const send = () =>
            c.send({ method: "POST", path: "/api/investor/investments", token: l.investor.token, json: body, headers: { "idempotency-key": key } });
          const a = await send();
          const ok = this.classify("invest", ["investor", "postgres"], a, ph, is(201));
          const investor = l.investor;
          this.journal.push({ kind: "investment", note, key, body, token: () => investor.token, ok, ...(ok ? { id: a.json.data.id } : {}) });
          if (ok && rnd.chance(0.15)) {
            // A retry of a request that succeeded: the first response again, byte for byte.
            const again = await send();
            if (!this.classify("invest replay", ["investor", "postgres"], again, ph, is(201))) return;
            if (again.text !== a.text || again.headers["idempotent-replayed"] !== "true") ph.tally.add(`${ph.label}replay differs from the first response`);
          }
        },
      },
      {
        name: "login",
        weight: 3,
        run: async (l, rnd, ph) => {
          const actor = rnd.chance(0.5) ? l.creator : l.investor;
          this.classify("login", ["auth", "postgres"], await login(c, actor), ph, is(200));
        },
      },
      {
        name: "me",
        weight: 3,
        run: async (l, _rnd, ph) => {
          this.classify("me", ["auth", "postgres"], await c.send({ method: "GET", path: "/api/auth/me", token: l.creator.token }), ph, is(200));
        },
      },
      {
        name: "investor reads",
        weight: 4,
        run: async (l, rnd, ph) => {
          const path = rnd.pick(["/api/investor/investments", "/api/investor/portfolio", "/api/investor/dashboard"]);
          this.classify("investor reads", ["investor", "postgres"], await c.send({ method: "GET", path, token: l.investor.token }), ph, is(200));
        },
      },
      {
        name: "liveness",
        weight: 1,
        run: async (_l, _rnd, ph) => {
          this.classify("liveness", [], await c.send({ method: "GET", path: "/api/health/live" }), ph, is(200));
        },
      },
    ];
  }

  /** One read per service that needs its database: all 200 once the mesh has recovered. */
  async probe(): Promise<boolean> {
    const l = this.lanes[0]!;
    const answers = await Promise.all([
      this.client.send({ method: "GET", path: `/api/pitches?q=probe${Date.now()}` }),
      this.client.send({ method: "GET", path: "/api/auth/me", token: l.creator.token }),
      this.client.send({ method: "GET", path: "/api/investor/portfolio", token: l.investor.token }),
      login(this.client, l.investor),
    ]);
    return answers.every((a) => a.status === 200);
  }

  /** Sends every investment answered with an error again, with its key and body, once the mesh is
   *  back: a client retrying as the API tells it to. */
  async replayFailedInvestments(from: number, phase: Phase): Promise<void> {
    for (const w of this.journal.slice(from)) {
      if (w.kind !== "investment" || w.ok || w.replayed) continue;
      const a = await this.client.send({
        method: "POST",
        path: "/api/investor/investments",
        token: w.token(),
        json: w.body,
        headers: { "idempotency-key": w.key },
      });
      const ok = this.classify("invest (replayed key)", ["investor", "postgres"], a, phase, (x) => x.status === 201);
      w.replayed = ok ? "ok" : "failed";
      if (ok) w.id = a.json.data.id;
    }
  }
}
