import { describe, expect, it } from "vitest";
import { CreateInvestment, IdempotencyKey, MAX_INVESTMENT_CENTS } from "@pitchey/contracts";

describe("CreateInvestment", () => {
  it("defaults the currency to USD", () => {
    expect(CreateInvestment.parse({ pitchId: "3", amountCents: 100 })).toEqual({ pitchId: "3", amountCents: 100, currency: "USD" });
  });

  it.each([0, -1, 1.5, MAX_INVESTMENT_CENTS + 1, "100", null, Number.MAX_SAFE_INTEGER + 2])("refuses amountCents %s", (amountCents) => {
    const r = CreateInvestment.safeParse({ pitchId: "3", amountCents });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(["amountCents"]);
  });

  it("accepts the maximum", () => {
    expect(CreateInvestment.safeParse({ pitchId: "3", amountCents: MAX_INVESTMENT_CENTS }).success).toBe(true);
  });

  it.each(["usd", "US", "ZZZ", "XAU", ""])("refuses currency %j", (currency) => {
    expect(CreateInvestment.safeParse({ pitchId: "3", amountCents: 1, currency }).success).toBe(false);
  });

  it("refuses unknown fields and numeric pitch ids", () => {
    expect(CreateInvestment.safeParse({ pitchId: "3", amountCents: 1, status: "committed" }).success).toBe(false);
    expect(CreateInvestment.safeParse({ pitchId: 3, amountCents: 1 }).success).toBe(false);
  });
});

describe("IdempotencyKey", () => {
  it("takes 1–255 printable ASCII characters", () => {
    expect(IdempotencyKey.safeParse(crypto.randomUUID()).success).toBe(true);
    expect(IdempotencyKey.safeParse("x".repeat(255)).success).toBe(true);
    for (const bad of ["", "x".repeat(256), "has space", "caf\u00e9"]) expect(IdempotencyKey.safeParse(bad).success, bad).toBe(false);
  });
});
