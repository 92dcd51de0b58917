// The authorization matrix: every actor × every pitch state × every action, with the exact status,
// and `protected` present exactly where policy allows it.
import { beforeAll, describe, expect, it } from "vitest";
import { call, signUp } from "./helpers";
import { STATES, pitchIn, type State } from "./pitch.fixtures";

type Actor = "owner" | "other" | "production" | "investor" | "investorNda" | "anonymous";
const PITCH_FIELDS = [
  "budgetCents",
  "createdAt",
  "creator",
  "creatorId",
  "currency",
  "format",
  "genre",
  "id",
  "logline",
  "publishedAt",
  "requireNda",
  "seekingCents",
  "status",
  "synopsis",
  "targetAudience",
  "title",
  "updatedAt",
  "viewCount",
  "visibility",
];
const ACTORS: Actor[] = ["owner", "other", "production", "investor", "investorNda", "anonymous"];
const INVESTING: Actor[] = ["production", "investor", "investorNda"];

const sees = (a: Actor, s: State) => a === "owner" || s === "public" || (s === "investors" && INVESTING.includes(a));
const seesProtected = (a: Actor, s: State) => a === "owner" || (a === "investorNda" && (s === "public" || s === "investors"));
const inBrowse = (a: Actor, s: State) => s === "public" || (s === "investors" && INVESTING.includes(a));

const OWNER_OK: Record<string, (s: State) => number> = {
  PATCH: () => 200,
  DELETE: () => 204,
  publish: (s) => (s === "draft" || s === "archived" ? 200 : 409),
  archive: (s) => (s === "archived" ? 409 : 200),
};
const expectedWrite = (action: string, a: Actor, s: State) => (a === "anonymous" ? 401 : a === "owner" ? OWNER_OK[action]!(s) : sees(a, s) ? 403 : 404);

let tokens: Record<Actor, string | undefined>;

beforeAll(async () => {
  const [owner, other, production, investor, investorNda] = await Promise.all([
    signUp("creator"),
    signUp("creator"),
    signUp("production"),
    signUp("investor"),
    signUp("investor"),
  ]);
  tokens = {
    owner: owner.accessToken,
    other: other.accessToken,
    production: production.accessToken,
    investor: investor.accessToken,
    investorNda: investorNda.accessToken,
    anonymous: undefined,
  };
});

describe("pitch authorization matrix: reads", () => {
  let pitches: Record<State, { id: string; creatorId?: unknown }>;
  beforeAll(async () => {
    pitches = {} as typeof pitches;
    for (const s of STATES) pitches[s] = await pitchIn(s, tokens.owner!, { token: tokens.investorNda! });
  });

  for (const a of ACTORS) {
    for (const s of STATES) {
      it(`GET detail: ${a} × ${s}`, async () => {
        const r = await call("GET", `/api/pitches/${pitches[s].id}`, { token: tokens[a] });
        expect(r.status).toBe(sees(a, s) ? 200 : 404);
        if (r.status === 200) {
          expect("protected" in r.json.data).toBe(seesProtected(a, s));
          expect(
            Object.keys(r.json.data)
              .filter((k) => k !== "protected")
              .sort(),
          ).toEqual(PITCH_FIELDS);
          if (seesProtected(a, s)) expect(r.json.data.protected.budgetBreakdown).toBe("Above the line: 40%");
        } else {
          expect(r.json.code).toBe("NOT_FOUND");
          expect(r.text).not.toContain("Above the line");
        }
      });
      it(`browse list: ${a} × ${s}`, async () => {
        const owner = String(pitches[s].creatorId);
        const r = await call("GET", `/api/pitches?creatorId=${owner}&limit=100`, { token: tokens[a] });
        expect(r.status).toBe(200);
        const ids = r.json.data.map((p: { id: string }) => p.id);
        expect(ids.includes(pitches[s].id)).toBe(inBrowse(a, s));
        for (const p of r.json.data) {
          expect("protected" in p).toBe(false);
          // Exactly the documented fields: nothing internal (sort keys, scores) leaks into lists.
          expect(Object.keys(p).sort()).toEqual(PITCH_FIELDS);
        }
      });
    }
  }
});

describe("pitch authorization matrix: writes", () => {
  const ACTIONS = ["PATCH", "DELETE", "publish", "archive"] as const;
  for (const action of ACTIONS) {
    it(`${action}: every actor × every state`, async () => {
      for (const s of STATES) {
        const p = await pitchIn(s, tokens.owner!);
        // Non-owners first (they must change nothing), the owner last.
        for (const a of [...ACTORS.filter((x) => x !== "owner"), "owner" as Actor]) {
          const token = tokens[a];
          const r =
            action === "PATCH"
              ? await call("PATCH", `/api/pitches/${p.id}`, { token, body: { title: `Renamed by ${a}` } })
              : action === "DELETE"
                ? await call("DELETE", `/api/pitches/${p.id}`, { token })
                : await call("POST", `/api/pitches/${p.id}/${action}`, { token });
          expect(r.status, `${action} ${a} × ${s}: ${r.text}`).toBe(expectedWrite(action, a, s));
        }
        const after = await call("GET", `/api/pitches/${p.id}`, { token: tokens.owner });
        if (action === "DELETE") expect(after.status).toBe(404);
        if (action === "PATCH") expect(after.json.data.title).toBe("Renamed by owner");
      }
    });
  }
});
