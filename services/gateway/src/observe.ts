// What every gateway answer carries and counts: which service and arm answered
// (`X-Pitchey-Service: pitch@canary`, `X-Pitchey-Version`), security headers, and the per-service
// and per-arm traffic figures (health, the monitor, and the canary's verdicts read them).
import { BUMPED_HEADER, learnTags, parseTags, recordArm, recordTraffic, recordVersion, TAGS_HEADER } from "@pitchey/data";
import { writable, type Stage } from "@pitchey/http";
import type { Gw } from "./gateway.context";

/** Two years, subdomains included: the API is only ever served over HTTPS. */
const HSTS = "max-age=63072000; includeSubDomains";
/** For API answers (JSON): nothing may be loaded or framed. HTML pages set their own policy. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export const observe: Stage<Gw> = async (rc, next) => {
  const res = writable(await next());
  const h = res.headers;
  const t = rc.target;
  const service = rc.route?.service;
  // A routed request names its service and arm (stable until an arm is chosen) even when the gateway
  // answered for it (401, 503); the version header is the answering arm's own, set by the service.
  const arm = t?.arm ?? "stable";
  const label = service ? `${service}@${arm}` : "gateway";
  h.set("x-pitchey-service", label);
  h.delete(TAGS_HEADER); // internal: for the gateway's response cache only
  // A write's new tag versions: this isolate's response cache stops serving what it replaced at once.
  const bumped = h.get(BUMPED_HEADER);
  if (bumped) {
    h.delete(BUMPED_HEADER);
    const pairs = parseTags(bumped);
    if (pairs) learnTags(pairs);
  }
  if (!service) h.set("x-pitchey-version", rc.version);
  h.set("x-content-type-options", "nosniff");
  h.set("strict-transport-security", HSTS);
  // HTML pages (the status page, the API reference) set a policy of their own that allows what they use.
  if (!h.has("content-security-policy") && !/^text\/html\b/i.test(h.get("content-type") ?? "")) h.set("content-security-policy", API_CSP);
  rc.logFields.service = label;
  const ms = rc.timing.elapsed();
  if (service) {
    recordTraffic(rc.env, rc.ctx, service, res.status, ms, arm);
    // An arm's and a version's figures count only what they answered themselves (not cache hits).
    if (!rc.cacheHit) {
      if (t?.setting) recordArm(rc.env, rc.ctx, service, t.setting.epoch, arm, res.status, ms);
      // Per version as well: what a gradual deployment's gates compare (ops/src/deploy.ts).
      const version = h.get("x-pitchey-version");
      if (version) recordVersion(rc.env, rc.ctx, service, version, res.status, ms);
    }
  } else {
    recordTraffic(rc.env, rc.ctx, "gateway", res.status, ms);
  }
  return res;
};
