import { describe, expect, it } from "vitest";
import { isoText, rowMapper, toIso } from "./sql";

describe("rowMapper", () => {
  interface Thing {
    id: string;
    ownerId: string;
    note: string | null;
    code: string;
    sizeCents: number;
    open: boolean;
    createdAt: string;
    closedAt: string | null;
  }
  const toThing = rowMapper<Thing>({
    id: "text",
    ownerId: "text",
    note: "text?",
    code: "char",
    sizeCents: "number",
    open: "bool",
    createdAt: "iso",
    closedAt: "iso?",
  });

  it("reads each field from its snake_case column, as its kind says, in the order given", () => {
    const at = new Date("2026-01-02T03:04:05.678Z");
    const thing = toThing({
      id: "7",
      owner_id: "9",
      note: undefined,
      code: "EU ",
      size_cents: "9007199254740991",
      open: true,
      created_at: at,
      closed_at: "2026-01-03 00:00:00+00",
      extra: 1,
    });
    expect(thing).toEqual({
      id: "7",
      ownerId: "9",
      note: null,
      code: "EU",
      sizeCents: 9007199254740991,
      open: true,
      createdAt: "2026-01-02T03:04:05.678Z",
      closedAt: "2026-01-03T00:00:00.000Z",
    });
    expect(Object.keys(thing)).toEqual(["id", "ownerId", "note", "code", "sizeCents", "open", "createdAt", "closedAt"]);
    expect(toThing({ id: "1", owner_id: "2", note: "n", code: "USD", size_cents: 0, open: false, created_at: at, closed_at: null }).closedAt).toBeNull();
  });
});

describe("isoText", () => {
  it('keeps microseconds by default and gives toIso\'s milliseconds with "ms"', () => {
    expect(isoText("t")).toBe(`to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);
    expect(isoText("t", "ms")).toBe(`to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
    expect(toIso(null)).toBeNull();
  });
});
