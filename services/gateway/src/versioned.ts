// API versions and deprecations (docs/api.md "Versioning"): the version a request selects with
// `Pitchey-Version` (the current one without it; one we do not serve → 400 UNSUPPORTED_VERSION), named
// on every answer; `Deprecation` and `Sunset` on the answers of a deprecated version or of a route
// whose declaration is marked deprecated, with Links to the policy and to the successor.
import { API_VERSIONS, CURRENT_VERSION, VERSION_HEADER, deprecationHeaders, selectVersion, type ApiVersion } from "@pitchey/contracts/routes";
import { HttpError, toProblem, writable, type Stage } from "@pitchey/http";
import type { Gw } from "./gateway.context";

function addLink(headers: Headers, link: string): void {
  const current = headers.get("link");
  headers.set("link", current ? `${current}, ${link}` : link);
}

/** The stage, for a table of versions (tests pass their own). */
export function versioned(versions: readonly ApiVersion[] = API_VERSIONS): Stage<Gw> {
  const served = versions.map((v) => v.version).join(", ");
  const current = versions[versions.length - 1]?.version ?? CURRENT_VERSION;
  return async (rc, next) => {
    const v = selectVersion(rc.request.headers.get(VERSION_HEADER), versions);
    const res = writable(
      v ? await next() : toProblem(new HttpError(400, "UNSUPPORTED_VERSION", `Pitchey-Version names no version this API serves (${served}).`), rc),
    );
    const h = res.headers;
    h.set(VERSION_HEADER, v?.version ?? current);
    const deprecated = rc.route?.deprecated ?? v?.deprecated;
    if (deprecated) {
      for (const [name, value] of Object.entries(deprecationHeaders(deprecated))) h.set(name, value);
      addLink(h, '</docs#versioning>; rel="deprecation"');
      const successor = rc.route?.deprecated?.successor;
      if (successor) addLink(h, `</docs#op-${successor}>; rel="successor-version"`);
    }
    return res;
  };
}
