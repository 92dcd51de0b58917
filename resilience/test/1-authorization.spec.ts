// The authorization matrix (src/authorization.ts): the route table × callers × ownership, 0 forbidden 2xx.
import { afterAll, describe, expect, inject, it } from "vitest";
import { Matrix } from "../src/authorization";
import { Client, closeAgents } from "../src/http";
import { addRow } from "../src/report";

afterAll(() => closeAgents());

describe("authorization matrix", () => {
  it("has an expected access for every route of the route table", () => {
    expect(Matrix.unlisted()).toEqual([]);
  });

  it("gives no caller a 2xx the table does not grant, nor NDA-only material", async () => {
    // Its own client address: the matrix's sign-ins do not count against the workload's limits.
    const m = new Matrix(new Client(inject("baseUrl"), "127.0.0.2"));
    await m.setup();
    const verdicts = await m.run();
    const forbidden = verdicts.filter((v) => v.forbidden).map((v) => `${v.route} on ${v.on}: ${v.forbidden}`);
    // A case whose granted callers all fail would make the matrix prove nothing: each must let one in.
    const cases = new Map<string, boolean>();
    for (const v of verdicts.filter((x) => x.allowed))
      cases.set(`${v.route} on ${v.on}`, (cases.get(`${v.route} on ${v.on}`) ?? false) || (v.status >= 200 && v.status < 300));
    const vacuous = [...cases].filter(([, ok]) => !ok).map(([k]) => k);
    const errors: Record<string, number> = {};
    if (forbidden.length) errors["forbidden 2xx"] = forbidden.length;
    if (vacuous.length) errors["granted caller never answered 2xx"] = vacuous.length;
    const denied = verdicts.filter((v) => !v.allowed).length;
    addRow({
      fault: "authorization matrix",
      requests: verdicts.length,
      errors,
      writesChecked: 0,
      lost: 0,
      note: `${verdicts.length} calls over ${new Set(verdicts.map((v) => v.route)).size} routes × ${m.subjects.length} callers; ${denied} not granted, 0 of them may be 2xx`,
    });
    expect({ forbidden, vacuous }).toEqual({ forbidden: [], vacuous: [] });
  });
});
