// API versions (docs/api.md "Versioning"). A client selects one with the `Pitchey-Version` request
// header; without it, the current one answers. Every answer names the version that made it. A
// version that is going away answers with Deprecation and Sunset until its sunset, then 400. zod-free.

export const VERSION_HEADER = "pitchey-version";
/** How long a replaced version (or a deprecated operation) keeps answering after its successor ships. */
export const VERSION_SUPPORT_MONTHS = 12;

export interface ApiVersion {
  /** A release date, YYYY-MM-DD. */
  version: string;
  /** Set once a newer version ships: when this one was deprecated and when it stops answering. */
  deprecated?: { since: string; sunset: string };
}

/** Oldest first; the last one is current. */
export const API_VERSIONS: readonly ApiVersion[] = [{ version: "2026-12-01" }];
export const CURRENT_VERSION = API_VERSIONS[API_VERSIONS.length - 1]!.version;

/** The version a request asks for (null header: the current one); undefined when it names none we serve. */
export function selectVersion(header: string | null, versions: readonly ApiVersion[] = API_VERSIONS, now = Date.now()): ApiVersion | undefined {
  if (header === null || header.trim() === "") return versions[versions.length - 1];
  const v = versions.find((x) => x.version === header.trim());
  if (v?.deprecated && Date.parse(`${v.deprecated.sunset}T00:00:00Z`) <= now) return undefined;
  return v;
}

/** `Deprecation` (RFC 9745: "@<unix seconds>") and `Sunset` (RFC 8594: an HTTP-date) for a deprecation. */
export function deprecationHeaders(d: { since: string; sunset: string }): Record<string, string> {
  const since = Date.parse(`${d.since}T00:00:00Z`);
  const sunset = Date.parse(`${d.sunset}T00:00:00Z`);
  return { deprecation: `@${Math.floor(since / 1000)}`, sunset: new Date(sunset).toUTCString() };
}
