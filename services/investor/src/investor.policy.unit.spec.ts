import { describe, expect, it } from "vitest";
import { INVESTMENT_STATUSES, type PitchSummary } from "@pitchey/contracts";
import { ACTIVE_STATUSES, TRANSITIONS, canWithdraw, isOpenToInvestor, watchedPitch } from "./investor.policy";

const summary = (over: Partial<PitchSummary> = {}): PitchSummary => ({
  id: "7",
  title: "Lighthouse",
  genre: "drama",
  status: "published",
  visibility: "public",
  visible: true,
  ...over,
});

describe("withdraw state machine", () => {
  it("allows pending and committed, refuses withdrawn", () => {
    expect(INVESTMENT_STATUSES.filter(canWithdraw)).toEqual(["pending", "committed"]);
    expect(canWithdraw("withdrawn")).toBe(false);
  });

  it("ends in withdrawn, which no transition leaves", () => {
    expect(TRANSITIONS.withdraw.to).toBe("withdrawn");
    expect(canWithdraw(TRANSITIONS.withdraw.to)).toBe(false);
  });

  it("counts exactly the withdrawable states as active money", () => {
    expect([...ACTIVE_STATUSES].sort()).toEqual(INVESTMENT_STATUSES.filter(canWithdraw).sort());
  });
});

describe("isOpenToInvestor", () => {
  it("accepts a published pitch the viewer may see, public or for investors", () => {
    expect(isOpenToInvestor(summary())).toBe(true);
    expect(isOpenToInvestor(summary({ visibility: "investors" }))).toBe(true);
  });

  it.each([
    ["unknown", undefined],
    ["draft", summary({ status: "draft", visible: false })],
    ["archived", summary({ status: "archived", visible: false })],
    ["private", summary({ visibility: "private", visible: false })],
    ["hidden from this viewer", summary({ visible: false })],
    // Defence in depth: a summary that says visible but is not published is still refused.
    ["draft marked visible", summary({ status: "draft", visible: true })],
    ["private marked visible", summary({ visibility: "private", visible: true })],
  ])("refuses %s", (_name, s) => {
    expect(isOpenToInvestor(s)).toBe(false);
  });
});

describe("watchedPitch", () => {
  it("shows a visible pitch's live title, genre and status", () => {
    expect(watchedPitch(summary())).toEqual({ id: "7", title: "Lighthouse", genre: "drama", status: "published" });
  });

  it("keeps showing a pitch archived after the investor saw it", () => {
    expect(watchedPitch(summary({ status: "archived", visible: false }))).toMatchObject({ status: "archived", title: "Lighthouse" });
  });

  it("hides a pitch that went private, or is gone", () => {
    expect(watchedPitch(summary({ visibility: "private", visible: false }))).toBeNull();
    expect(watchedPitch(summary({ status: "archived", visibility: "private", visible: false }))).toBeNull();
    expect(watchedPitch(undefined)).toBeNull();
  });
});
