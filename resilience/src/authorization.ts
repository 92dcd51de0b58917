// The authorization matrix: every route of the route table × every kind of caller (anonymous,
// creator, investor, production; owner or not of the pitch, requester or owner of the NDA, owner or
// not of the investment) × the resources of its cases (access.ts). A caller the table does not grant
// must never get a 2xx, nor see a pitch's NDA-only material.
import { PUBLIC_ROUTES, type PublicRoute } from "@pitchey/contracts";
import { pitchBody, login, register, type Actor } from "./actors";
import { ACCESS, type AccessCase, type Grant, type Resource } from "./access";
import type { Answer, Client } from "./http";

export interface Subject {
  name: string;
  actor: Actor | null;
  /** The relations this caller has to the fixtures (always the same callers own the same things). */
  relations: Grant[];
}

export interface Verdict {
  route: string;
  on: Resource;
  subject: string;
  status: number;
  /** The caller may get a 2xx here (access.ts). */
  allowed: boolean;
  /** A 2xx the table does not grant, or NDA-only material shown to a caller not entitled to it. */
  forbidden: string | null;
}

interface Fixture {
  params: Record<string, string>;
}

const sent = (a: Answer) => a.status >= 200 && a.status < 300;

export class Matrix {
  subjects: Subject[] = [];
  private owner!: Actor;
  private requester!: Actor;
  /** Credentials for the credential routes' bodies: one account per portal role. */
  private logins!: Record<"creator" | "investor" | "production", Actor>;

  constructor(readonly client: Client) {}

  async setup(): Promise<void> {
    const c = this.client;
    this.owner = await register(c, "creator", "authz-owner");
    const otherCreator = await register(c, "creator", "authz-other");
    this.requester = await register(c, "investor", "authz-requester");
    const otherInvestor = await register(c, "investor", "authz-other");
    const production = await register(c, "production", "authz");
    this.logins = {
      creator: await register(c, "creator", "authz-login"),
      investor: await register(c, "investor", "authz-login"),
      production: await register(c, "production", "authz-login"),
    };
    this.subjects = [
      { name: "anonymous", actor: null, relations: [] },
      { name: "creator, pitch owner", actor: this.owner, relations: ["pitch owner"] },
      { name: "creator, not owner", actor: otherCreator, relations: [] },
      { name: "investor, NDA requester and investment owner", actor: this.requester, relations: ["NDA requester", "investment owner"] },
      { name: "investor, neither", actor: otherInvestor, relations: [] },
      { name: "production, not owner", actor: production, relations: [] },
    ];
  }

  /** Routes of the route table with no row in access.ts (each is a failure of the matrix). */
  static unlisted(): string[] {
    return PUBLIC_ROUTES.map((r) => `${r.method} ${r.path}`).filter((k) => !ACCESS[k]);
  }

  static granted(s: Subject, who: Grant[]): boolean {
    if (who.includes("anyone")) return true;
    if (!s.actor) return false;
    return who.includes("signed-in") || who.includes(s.actor.role) || s.relations.some((r) => who.includes(r));
  }

  async run(): Promise<Verdict[]> {
    const out: Verdict[] = [];
    for (const route of PUBLIC_ROUTES) {
      for (const k of ACCESS[`${route.method} ${route.path}`] ?? []) out.push(...(await this.runCase(route, k)));
    }
    return out;
  }

  /** Callers the case does not grant first (on a fresh resource), then the granted ones. */
  private async runCase(route: PublicRoute, k: AccessCase): Promise<Verdict[]> {
    const fx = await this.fixture(k.on);
    const order = [...this.subjects].sort((a, b) => Number(Matrix.granted(a, k.who)) - Number(Matrix.granted(b, k.who)));
    const out: Verdict[] = [];
    for (const s of order) {
      const allowed = Matrix.granted(s, k.who);
      const a = await this.call(route, fx, s);
      let forbidden: string | null = null;
      if (sent(a) && !allowed) forbidden = `${a.status} for ${s.name}`;
      else if (sent(a) && k.protected && a.json?.data?.protected && !Matrix.granted(s, k.protected)) forbidden = `NDA-only material shown to ${s.name}`;
      out.push({ route: `${route.method} ${route.path}`, on: k.on, subject: s.name, status: a.status, allowed, forbidden });
    }
    return out;
  }

  private async call(route: PublicRoute, fx: Fixture, s: Subject): Promise<Answer> {
    const path = route.path.replace(/:([a-zA-Z]+)/g, (_, name: string) => fx.params[name] ?? "1");
    let token = s.actor?.token;
    if (route.path === "/api/auth/logout" && s.actor) {
      // A session of its own, so logging out does not end the session the rest of the matrix uses.
      const fresh = { ...s.actor };
      await login(this.client, fresh);
      token = fresh.token;
    }
    return this.client.send({ method: route.method, path, token, ...(await this.body(route)) });
  }

  private async body(route: PublicRoute): Promise<{ json?: unknown; headers?: Record<string, string> }> {
    const key = `${route.method} ${route.path}`;
    const creds = (a: Actor) => ({ json: { email: a.email, password: a.password } });
    switch (key) {
      case "POST /api/auth/register":
        return {
          json: { email: `authz-${crypto.randomUUID()}@resilience.pitchey.dev`, password: `pw-${crypto.randomUUID()}`, name: "Matrix", role: "investor" },
        };
      case "POST /api/auth/login":
      case "POST /api/auth/investor/login":
        return creds(this.logins.investor);
      case "POST /api/auth/creator/login":
        return creds(this.logins.creator);
      case "POST /api/auth/production/login":
        return creds(this.logins.production);
      case "POST /api/auth/refresh": {
        const fresh = { ...this.logins.investor };
        await login(this.client, fresh);
        return { json: { refreshToken: fresh.refreshToken } };
      }
      case "POST /api/pitches":
        return { json: pitchBody(`authz-${crypto.randomUUID().slice(0, 8)}`) };
      case "PATCH /api/pitches/:id":
        return { json: { synopsis: "changed by the authorization matrix" } };
      case "POST /api/pitches/:id/nda":
        return { json: { message: "matrix" } };
      case "POST /api/investor/watchlist":
        return { json: { pitchId: this.lastPitch } };
      case "POST /api/investor/investments":
        return { json: { pitchId: this.lastPitch, amountCents: 10_000 }, headers: { "idempotency-key": crypto.randomUUID() } };
      default:
        return {};
    }
  }

  private lastPitch = "";

  private async ok(a: Promise<Answer>, what: string): Promise<Answer> {
    const r = await a;
    if (!sent(r)) throw new Error(`matrix fixture (${what}): ${r.status} ${r.text}`);
    return r;
  }

  private async pitch(published: boolean, over: Record<string, unknown> = {}): Promise<string> {
    const c = this.client;
    const created = await this.ok(
      c.send({ method: "POST", path: "/api/pitches", token: this.owner.token, json: pitchBody(`authz-${crypto.randomUUID().slice(0, 8)}`, over) }),
      "create pitch",
    );
    const id = created.json.data.id as string;
    if (published) await this.ok(c.send({ method: "POST", path: `/api/pitches/${id}/publish`, token: this.owner.token }), "publish");
    return id;
  }

  private async nda(approved: boolean): Promise<{ pitchId: string; ndaId: string }> {
    const c = this.client;
    const pitchId = await this.pitch(true);
    const asked = await this.ok(c.send({ method: "POST", path: `/api/pitches/${pitchId}/nda`, token: this.requester.token, json: {} }), "NDA request");
    const ndaId = asked.json.data.id as string;
    if (approved) await this.ok(c.send({ method: "POST", path: `/api/ndas/${ndaId}/approve`, token: this.owner.token }), "NDA approval");
    return { pitchId, ndaId };
  }

  private async fixture(on: Resource): Promise<Fixture> {
    const c = this.client;
    switch (on) {
      case "none":
        return { params: {} };
      case "published pitch": {
        // With the requester's NDA approved: the material is theirs to see, and nobody else's.
        const { pitchId } = await this.nda(true);
        this.lastPitch = pitchId;
        await this.ok(c.send({ method: "POST", path: "/api/investor/watchlist", token: this.requester.token, json: { pitchId } }), "watchlist");
        return { params: { id: pitchId, pitchId } };
      }
      case "draft pitch": {
        const id = await this.pitch(false);
        this.lastPitch = id;
        return { params: { id, pitchId: id } };
      }
      case "investors-only pitch": {
        const id = await this.pitch(true, { visibility: "investors" });
        return { params: { id, pitchId: id } };
      }
      case "pending NDA":
        return { params: { id: (await this.nda(false)).ndaId } };
      case "approved NDA":
        return { params: { id: (await this.nda(true)).ndaId } };
      case "investment": {
        const pitchId = await this.pitch(true);
        const inv = await this.ok(
          c.send({
            method: "POST",
            path: "/api/investor/investments",
            token: this.requester.token,
            json: { pitchId, amountCents: 25_000 },
            headers: { "idempotency-key": crypto.randomUUID() },
          }),
          "investment",
        );
        return { params: { id: inv.json.data.id } };
      }
    }
  }
}
