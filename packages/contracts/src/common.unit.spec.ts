import { describe, expect, it } from "vitest";
import { CreatePitch, CreateInvestment, Currency, ISO_4217, InvestmentCurrency, UpdatePitch } from "./index";

describe("Currency", () => {
  it.each(["USD", "EUR", "JPY", "GBP", "CHF"])("accepts %s", (c) => {
    expect(Currency.parse(c)).toBe(c);
  });

  it.each(["ZZZ", "ABC", "XAU", "XTS"])("refuses %s, which has the shape but is not an active ISO 4217 code", (c) => {
    const r = Currency.safeParse(c);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toEqual(["is not an ISO 4217 currency code"]);
  });

  it.each(["usd", "US", "USDX", ""])("refuses %j by its shape, with one message", (c) => {
    const r = Currency.safeParse(c);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toEqual(["must be an ISO 4217 code such as USD"]);
  });

  it("is the one list: investments use the same schema", () => {
    expect(InvestmentCurrency).toBe(Currency);
    expect(ISO_4217.size).toBeGreaterThan(150);
  });

  it("checks pitches and investments alike, defaults kept", () => {
    const pitch = { title: "T", logline: "L", genre: "drama", format: "feature", budgetCents: 100 };
    expect(CreatePitch.parse(pitch).currency).toBe("USD");
    expect(CreatePitch.safeParse({ ...pitch, currency: "ZZZ" }).error!.issues[0]!.path).toEqual(["currency"]);
    expect(UpdatePitch.safeParse({ currency: "ZZZ" }).success).toBe(false);
    expect(UpdatePitch.parse({ currency: "EUR" })).toEqual({ currency: "EUR" });
    expect(CreateInvestment.safeParse({ pitchId: "1", amountCents: 1, currency: "ZZZ" }).success).toBe(false);
  });
});
