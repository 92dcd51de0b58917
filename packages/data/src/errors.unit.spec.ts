import { describe, expect, it } from "vitest";
import { isTimeout, isUnavailable } from "./errors";

describe("isUnavailable", () => {
  it("treats connection failures and Neon's 5xx replies as the database being away", () => {
    expect(isUnavailable({ code: "08006", message: "connection failure" })).toBe(true);
    expect(isUnavailable({ code: "ECONNREFUSED", message: "connect ECONNREFUSED" })).toBe(true);
    expect(isUnavailable({ code: "57P01", message: "terminating connection" })).toBe(true);
    expect(isUnavailable(new Error("Server error (HTTP status 503): upstream unavailable"))).toBe(true);
    expect(isUnavailable(new Error("Error connecting to database: fetch failed"))).toBe(true);
  });
  it("leaves statement errors to the caller", () => {
    expect(isUnavailable({ code: "23505", message: "duplicate key value violates unique constraint" })).toBe(false);
    expect(isUnavailable({ code: "22007", message: "invalid input syntax for type timestamp" })).toBe(false);
    expect(isUnavailable({ code: "42601", message: "syntax error at or near" })).toBe(false);
  });
});

describe("isTimeout", () => {
  it("recognises the role limits cancelling work: statement, lock and idle-in-transaction timeouts", () => {
    expect(isTimeout({ code: "57014", message: "canceling statement due to statement timeout" })).toBe(true);
    expect(isTimeout({ code: "55P03", message: "canceling statement due to lock timeout" })).toBe(true);
    expect(isTimeout({ code: "25P03", message: "terminating connection due to idle-in-transaction timeout" })).toBe(true);
  });
  it("leaves outages and statement errors alone", () => {
    expect(isTimeout({ code: "08006", message: "connection failure" })).toBe(false);
    expect(isTimeout({ code: "42501", message: "permission denied for schema auth" })).toBe(false);
    expect(isTimeout(new Error("fetch failed"))).toBe(false);
  });
});
