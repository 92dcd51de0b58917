// The version stage: the version a request selects is named on the answer; one we do not serve is a
// 400 that still names the current one; a deprecated version or route gets Deprecation, Sunset and
// the Links, added to a page's rel="next". A pure stage: it reads no binding, so it runs in Node.
import { describe, expect, it } from "vitest";
import { createContext } from "@pitchey/http";
import type { ApiVersion, PublicRoute } from "@pitchey/contracts/routes";
import type { Env } from "./env";
import type { Gw } from "./gateway.context";
import { versioned } from "./versioned";

const versions: ApiVersion[] = [{ version: "2026-01-01", deprecated: { since: "2026-06-01", sunset: "2099-06-01" } }, { version: "2026-06-01" }];
const route = (over: Partial<PublicRoute> = {}): PublicRoute => ({
  method: "GET",
  path: "/api/x",
  service: "pitch",
  access: "anyone",
  operationId: "listPitches",
  ...over,
});

const ctx = { waitUntil: () => {}, passThroughOnException: () => {} } as unknown as ExecutionContext;

async function run(headers: Record<string, string>, r: PublicRoute | null, answer = () => new Response("{}")) {
  const rc = createContext("gateway", new Request("https://gw.test/api/x", { headers }), { LOG_LEVEL: "error" } as unknown as Env, ctx) as Gw;
  rc.route = null;
  // As in the pipeline: the route stage after this one finds the route.
  return versioned(versions)(rc, async () => ((rc.route = r), answer()));
}

describe("versioned", () => {
  it("names the selected version, the current one without the header", async () => {
    expect((await run({}, route())).headers.get("pitchey-version")).toBe("2026-06-01");
    const now = await run({ "pitchey-version": "2026-06-01" }, route());
    expect(now.headers.get("pitchey-version")).toBe("2026-06-01");
    expect(now.headers.get("deprecation")).toBeNull();
  });

  it("refuses a version it does not serve with 400 UNSUPPORTED_VERSION, without calling the rest", async () => {
    let reached = false;
    const res = await run({ "pitchey-version": "2020-01-01" }, route(), () => ((reached = true), new Response()));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe("UNSUPPORTED_VERSION");
    expect(res.headers.get("pitchey-version")).toBe("2026-06-01");
    expect(reached).toBe(false);
  });

  it("marks a deprecated version's answers with Deprecation, Sunset and a Link to the policy", async () => {
    const res = await run({ "pitchey-version": "2026-01-01" }, route());
    expect(res.headers.get("pitchey-version")).toBe("2026-01-01");
    expect(res.headers.get("deprecation")).toBe(`@${Date.parse("2026-06-01T00:00:00Z") / 1000}`);
    expect(res.headers.get("sunset")).toBe("Mon, 01 Jun 2099 00:00:00 GMT");
    expect(res.headers.get("link")).toBe('</docs#versioning>; rel="deprecation"');
  });

  it("marks a deprecated route's answers, naming its successor, and keeps a page's next link", async () => {
    const gone = route({ deprecated: { since: "2026-07-01", sunset: "2027-07-01", successor: "getPitch" } });
    const res = await run({}, gone, () => new Response("[]", { headers: { link: '</api/x?cursor=a>; rel="next"' } }));
    expect(res.headers.get("sunset")).toBe("Thu, 01 Jul 2027 00:00:00 GMT");
    expect(res.headers.get("link")).toBe('</api/x?cursor=a>; rel="next", </docs#versioning>; rel="deprecation", </docs#op-getPitch>; rel="successor-version"');
  });
});
