import { describe, expect, it } from "vitest";
import { canSee, canSeeProtected, denyStatus, audienceOf, TRANSITIONS } from "./pitch.policy";

const pitch = (status: "draft" | "published" | "archived", visibility: "public" | "investors" | "private") => ({ creatorId: "1", status, visibility });
const owner = { id: "1", role: "creator" as const };
const investor = { id: "2", role: "investor" as const };
const creator = { id: "3", role: "creator" as const };

describe("pitch policy", () => {
  it("lets the owner see everything of theirs", () => {
    for (const s of ["draft", "published", "archived"] as const)
      for (const v of ["public", "investors", "private"] as const) expect(canSee(pitch(s, v), owner)).toBe(true);
  });
  it("shows published public pitches to everyone, investors pitches to investing roles only", () => {
    expect(canSee(pitch("published", "public"), null)).toBe(true);
    expect(canSee(pitch("published", "investors"), null)).toBe(false);
    expect(canSee(pitch("published", "investors"), creator)).toBe(false);
    expect(canSee(pitch("published", "investors"), investor)).toBe(true);
    expect(canSee(pitch("published", "private"), investor)).toBe(false);
    expect(canSee(pitch("draft", "public"), investor)).toBe(false);
    expect(canSee(pitch("archived", "public"), investor)).toBe(false);
  });
  it("grants protected material only to the owner and approved, seeing users", () => {
    expect(canSeeProtected(pitch("published", "public"), investor, [])).toBe(false);
    expect(canSeeProtected(pitch("published", "public"), investor, ["2"])).toBe(true);
    expect(canSeeProtected(pitch("archived", "public"), investor, ["2"])).toBe(false);
    expect(canSeeProtected(pitch("published", "public"), null, ["2"])).toBe(false);
    expect(canSeeProtected(pitch("draft", "private"), owner, [])).toBe(true);
  });
  it("hides existence from those who cannot see (404), forbids the rest (403)", () => {
    expect(denyStatus(pitch("published", "public"), creator)).toBe(403);
    expect(denyStatus(pitch("draft", "public"), creator)).toBe(404);
  });
  it("puts investing roles in one audience", () => {
    expect(audienceOf(null)).toBe("public");
    expect(audienceOf(creator)).toBe("public");
    expect(audienceOf({ id: "9", role: "production" })).toBe("investors");
  });
  it("allows only the documented status transitions", () => {
    expect(TRANSITIONS.publish).toEqual(["draft", "archived"]);
    expect(TRANSITIONS.archive).toEqual(["draft", "published"]);
  });
});
