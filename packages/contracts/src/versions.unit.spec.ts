import { describe, expect, it } from "vitest";
import { API_VERSIONS, CURRENT_VERSION, deprecationHeaders, selectVersion, type ApiVersion } from "./versions";

const table: ApiVersion[] = [
  { version: "2025-01-01", deprecated: { since: "2025-06-01", sunset: "2026-06-01" } },
  { version: "2025-06-01", deprecated: { since: "2026-01-01", sunset: "2027-01-01" } },
  { version: "2026-01-01" },
];
const at = (date: string) => Date.parse(`${date}T12:00:00Z`);

describe("API versions", () => {
  it("the current version is the newest, and what a request without the header gets", () => {
    expect(CURRENT_VERSION).toBe(API_VERSIONS[API_VERSIONS.length - 1]!.version);
    expect(selectVersion(null)?.version).toBe(CURRENT_VERSION);
    expect(selectVersion(null, table)?.version).toBe("2026-01-01");
    expect(selectVersion("  ", table)?.version).toBe("2026-01-01");
  });

  it("serves a deprecated version until its sunset, and none we never had", () => {
    expect(selectVersion("2025-06-01", table, at("2026-12-31"))?.deprecated?.sunset).toBe("2027-01-01");
    expect(selectVersion("2025-06-01", table, at("2027-01-01"))).toBeUndefined();
    expect(selectVersion("2025-01-01", table, at("2026-12-01"))).toBeUndefined();
    expect(selectVersion("1999-01-01", table)).toBeUndefined();
    expect(selectVersion("latest", table)).toBeUndefined();
  });

  it("writes Deprecation as @<unix seconds> (RFC 9745) and Sunset as an HTTP-date (RFC 8594)", () => {
    expect(deprecationHeaders({ since: "2026-01-01", sunset: "2027-01-01" })).toEqual({ deprecation: "@1767225600", sunset: "Fri, 01 Jan 2027 00:00:00 GMT" });
  });
});
