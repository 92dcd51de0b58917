// `npm run verify -- --base URL [--email E --password P | --demo]`: a smoke test of a running
// deployment (docs/architecture.md#health), a handful of real requests through the gateway, never load. Each check prints
// ✓ or ✗ with its time; the exit code is 0 only when every check passed (1 when one failed, 2 on bad
// arguments). Every request has its own timeout and the whole run has a deadline.
// With credentials it also signs in, refreshes, and signs out: it creates two short sessions and ends
// both. Credentials can come from PITCHEY_VERIFY_EMAIL / PITCHEY_VERIFY_PASSWORD (kept out of `ps`).
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { probe, ProbeError, resolveBase, type Probe } from "./lib/probe";
import { painter } from "./lib/term";

const USAGE = `usage: npm run verify -- [--base URL] [--email E --password P | --demo] [--timeout S] [--deadline S]
  --base      gateway base URL (default $PITCHEY_BASE_URL or http://127.0.0.1:8787)
  --email, --password   an existing account to sign in with (or $PITCHEY_VERIFY_EMAIL / $PITCHEY_VERIFY_PASSWORD)
  --demo      sign in as the local demo investor (local seed only)
  --timeout   seconds per request (default 10)
  --deadline  seconds for the whole run (default 60)`;

const DEMO = { email: "sarah.investor@demo.com", password: "Demo123!pitchey" };
const REQUIRED_SERVICES = ["gateway", "health", "auth", "pitch", "investor"];
const EVERY_RESPONSE_HEADERS = ["x-request-id", "server-timing", "x-pitchey-service"];

function options() {
  try {
    const { values } = parseArgs({
      options: {
        base: { type: "string" },
        email: { type: "string" },
        password: { type: "string" },
        demo: { type: "boolean", default: false },
        timeout: { type: "string", default: "10" },
        deadline: { type: "string", default: "60" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    const seconds = (name: string, v: string) => {
      const n = Number(v);
      if (!(n > 0 && n <= 600)) throw new Error(`--${name} wants seconds between 0 and 600, got ${v}`);
      return n * 1000;
    };
    const email = values.email ?? process.env.PITCHEY_VERIFY_EMAIL ?? (values.demo ? DEMO.email : undefined);
    const password = values.password ?? process.env.PITCHEY_VERIFY_PASSWORD ?? (values.demo ? DEMO.password : undefined);
    if ((email === undefined) !== (password === undefined)) throw new Error("give both --email and --password (or --demo)");
    return {
      base: resolveBase(values.base),
      credentials: email !== undefined && password !== undefined ? { email, password } : null,
      timeoutMs: seconds("timeout", values.timeout),
      deadlineMs: seconds("deadline", values.deadline),
    };
  } catch (err) {
    console.error(`verify: ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const opts = options();
const paint = painter(process.stdout);
const deadline = AbortSignal.timeout(opts.deadlineMs);
// Our own request ids (the gateway keeps well-formed ones): a failure can be found in the logs.
const runId = `verify-${randomBytes(4).toString("hex")}`;
let seq = 0;

class CheckFailed extends Error {}
function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailed(message);
}

interface Sent {
  label: string;
  requestId: string;
  res: Probe;
}
/** Every response received, for the header check at the end. */
const sent: Sent[] = [];

async function call(method: string, path: string, extra: { body?: unknown; token?: string } = {}): Promise<Probe> {
  const requestId = `${runId}-${++seq}`;
  const res = await probe(opts.base, path, { method, ...extra, headers: { "x-request-id": requestId }, timeoutMs: opts.timeoutMs, signal: deadline });
  sent.push({ label: `${method} ${path} → ${res.status}`, requestId, res });
  return res;
}

/** The body as an object (or a failure naming what came instead). */
function body(res: Probe): Record<string, unknown> {
  expect(res.json && typeof res.json === "object", `expected a JSON body, got ${res.contentType || "no content type"}: ${res.text.slice(0, 120)}`);
  return res.json as Record<string, unknown>;
}

function status(res: Probe, want: number): void {
  if (res.status === want) return;
  const p = res.json as { code?: string; detail?: string } | undefined;
  const why = p?.code ? ` ${p.code}: ${p.detail ?? ""}` : ` ${res.text.slice(0, 120)}`;
  const limited = res.status === 429 ? ` (rate limited; Retry-After ${res.headers.get("retry-after") ?? "?"} s)` : "";
  throw new CheckFailed(`expected ${want}, got ${res.status}${limited}${why}`);
}

/** A problem+json answer with this status and code, carrying the response's request id. */
function problem(res: Probe, want: number, code: string): Record<string, unknown> {
  status(res, want);
  expect(/^application\/problem\+json\b/i.test(res.contentType), `expected application/problem+json, got ${res.contentType || "none"}`);
  const p = body(res);
  expect(p.code === code, `expected code ${code}, got ${String(p.code)}`);
  expect(p.status === want, `problem.status is ${String(p.status)}, not ${want}`);
  expect(
    typeof p.requestId === "string" && p.requestId === res.headers.get("x-request-id"),
    `problem.requestId ${String(p.requestId)} differs from X-Request-Id ${res.headers.get("x-request-id")}`,
  );
  return p;
}

/** Every key path in a JSON value whose name mentions a password. */
function passwordKeys(v: unknown, path = "$"): string[] {
  if (!v || typeof v !== "object") return [];
  return Object.entries(v).flatMap(([k, x]) => [...(/pass(word)?|hash/i.test(k) ? [`${path}.${k}`] : []), ...passwordKeys(x, `${path}.${k}`)]);
}

// ---- the checks, in order; a check returns a short detail for its ✓ line ----
type Check = { name: string; run: () => Promise<string> };
const checks: Check[] = [];
const check = (name: string, run: () => Promise<string>) => checks.push({ name, run });

check("liveness GET /api/health/live", async () => {
  const res = await call("GET", "/api/health/live");
  status(res, 200);
  expect(body(res).status === "ok", `expected {status:"ok"}, got ${res.text.slice(0, 120)}`);
  return `200 {status:"ok"}`;
});

check("readiness GET /api/health", async () => {
  const res = await call("GET", "/api/health");
  const r = body(res) as {
    status?: string;
    version?: string;
    services?: Record<string, { status?: string; latencyMs?: number | null }>;
    dependencies?: Record<string, { status?: string; latencyMs?: number | null }>;
  };
  const summary = `${r.status}; ${Object.entries(r.services ?? {})
    .map(([n, s]) => `${n} ${s.status}`)
    .join(", ")}`;
  status(res, 200);
  expect(r.status === "ok" || r.status === "degraded", `status is ${String(r.status)}, expected ok or degraded`);
  const missing = REQUIRED_SERVICES.filter((s) => !r.services?.[s]);
  expect(!missing.length, `services missing from the report: ${missing.join(", ")}`);
  const down = REQUIRED_SERVICES.filter((s) => r.services?.[s]?.status === "down");
  expect(!down.length, `services down: ${down.join(", ")} (${summary})`);
  const db = r.dependencies?.database;
  expect(db?.status === "ok", `database is ${db?.status ?? "not reported"}`);
  const redis = r.dependencies?.redis;
  return `${summary}; database ok ${db.latencyMs ?? "?"} ms, redis ${redis?.status ?? "?"}; version ${r.version ?? "?"}`;
});

check("unknown path → 404 problem", async () => {
  const res = await call("GET", `/api/${runId}-no-such-route`);
  problem(res, 404, "NOT_FOUND");
  return "404 application/problem+json NOT_FOUND with requestId";
});

check("wrong method → 405 with Allow", async () => {
  const res = await call("DELETE", "/api/health");
  problem(res, 405, "METHOD_NOT_ALLOWED");
  const allow = res.headers.get("allow") ?? "";
  expect(/\bGET\b/.test(allow), `Allow should list GET, got ${JSON.stringify(allow)}`);
  return `405 Allow: ${allow}`;
});

check("list envelope GET /api/pitches?limit=2", async () => {
  const res = await call("GET", "/api/pitches?limit=2");
  status(res, 200);
  const b = body(res) as { data?: unknown; meta?: { requestId?: unknown; nextCursor?: unknown; hasMore?: unknown } };
  expect(Array.isArray(b.data), "data is not an array");
  expect(b.data.length <= 2, `limit=2 returned ${b.data.length} items`);
  const m = b.meta;
  expect(m && typeof m.requestId === "string", "meta.requestId missing");
  expect(m.requestId === res.headers.get("x-request-id"), "meta.requestId differs from X-Request-Id");
  expect(typeof m.hasMore === "boolean", "meta.hasMore is not a boolean");
  expect(m.nextCursor === null || typeof m.nextCursor === "string", "meta.nextCursor is neither a string nor null");
  expect(m.hasMore === (m.nextCursor !== null), `hasMore ${m.hasMore} disagrees with nextCursor ${JSON.stringify(m.nextCursor)}`);
  return `${b.data.length} item(s), hasMore ${m.hasMore}`;
});

check("OpenAPI GET /api/openapi.json", async () => {
  const res = await call("GET", "/api/openapi.json");
  status(res, 200);
  const doc = body(res) as { openapi?: unknown; info?: { version?: unknown }; paths?: Record<string, unknown> };
  expect(typeof doc.openapi === "string" && doc.openapi.startsWith("3.1"), `openapi is ${JSON.stringify(doc.openapi)}, expected 3.1.x`);
  const paths = Object.keys(doc.paths ?? {});
  for (const p of ["/api/auth/login", "/api/pitches", "/api/health"]) expect(paths.includes(p), `paths lacks ${p}`);
  return `OpenAPI ${doc.openapi}, ${paths.length} paths, version ${String(doc.info?.version ?? "?")}`;
});

check("status page GET /status", async () => {
  const res = await call("GET", "/status");
  status(res, 200);
  expect(/^text\/html\b/i.test(res.contentType), `expected text/html, got ${res.contentType || "none"}`);
  expect(/<html[\s>]/i.test(res.text), "the body is not an HTML document");
  return `200 text/html, ${res.text.length} bytes`;
});

check("invalid bearer → 401 problem", async () => {
  const res = await call("GET", "/api/auth/me", { token: "not-a-valid-token" });
  problem(res, 401, "UNAUTHENTICATED");
  return "401 UNAUTHENTICATED";
});

if (opts.credentials) {
  const { email, password } = opts.credentials;
  const session = { userId: "", access: "", refresh: "", access2: "", refresh2: "", access3: "" };

  const login = async () => {
    const res = await call("POST", "/api/auth/login", { body: { email, password } });
    status(res, 200);
    const d = body(res).data as { user?: { id?: unknown; email?: unknown }; accessToken?: unknown; refreshToken?: unknown; expiresIn?: unknown } | undefined;
    expect(d && typeof d.accessToken === "string" && typeof d.refreshToken === "string", "no accessToken/refreshToken in data");
    expect(typeof d.user?.id === "string", "data.user.id is not a string");
    expect(String(d.user.email).toLowerCase() === email.toLowerCase(), `signed in as ${String(d.user.email)}, not ${email}`);
    expect(!passwordKeys(d).length, `the response names ${passwordKeys(d).join(", ")}`);
    return { userId: d.user.id, access: d.accessToken, refresh: d.refreshToken, expiresIn: d.expiresIn };
  };

  check("sign in POST /api/auth/login", async () => {
    const s = await login();
    Object.assign(session, s);
    return `200, ${email} is user ${s.userId}, access token for ${String(s.expiresIn)} s`;
  });

  check("GET /api/auth/me with the token", async () => {
    expect(session.access, "skipped: sign-in failed");
    const res = await call("GET", "/api/auth/me", { token: session.access });
    status(res, 200);
    const b = body(res);
    const user = (b.data as { user?: { id?: unknown; email?: unknown; role?: unknown } } | undefined)?.user;
    expect(user?.id === session.userId, `me is ${String(user?.id)}, sign-in said ${session.userId}`);
    const leaks = passwordKeys(b);
    expect(!leaks.length, `the user carries ${leaks.join(", ")}`);
    return `200 same user (${String(user.role)}), no password field`;
  });

  check("refresh rotates the pair", async () => {
    expect(session.refresh, "skipped: sign-in failed");
    const res = await call("POST", "/api/auth/refresh", { body: { refreshToken: session.refresh } });
    status(res, 200);
    const d = body(res).data as { accessToken?: unknown; refreshToken?: unknown; user?: { id?: unknown } } | undefined;
    expect(typeof d?.accessToken === "string" && typeof d.refreshToken === "string", "no new pair in data");
    expect(d.refreshToken !== session.refresh, "the refresh token did not change");
    expect(d.user?.id === session.userId, "the new pair is for another user");
    session.access2 = d.accessToken;
    session.refresh2 = d.refreshToken;
    return "200 new access and refresh token";
  });

  check("refresh again with the new token", async () => {
    expect(session.refresh2, "skipped: refresh failed");
    const res = await call("POST", "/api/auth/refresh", { body: { refreshToken: session.refresh2 } });
    status(res, 200);
    const d = body(res).data as { accessToken?: unknown } | undefined;
    expect(typeof d?.accessToken === "string", "no new access token in data");
    session.access3 = d.accessToken;
    return "200 a third pair";
  });

  // Reusing a spent token revokes the whole session (theft detection, docs/architecture.md#identity), so this runs after
  // the new pairs were issued, and logout is checked on a second session below. The first token is
  // two refreshes old: not the immediate predecessor, whose reuse a few seconds' grace would forgive.
  check("the first, twice-spent refresh token → 401", async () => {
    expect(session.access3, "skipped: refresh failed");
    const res = await call("POST", "/api/auth/refresh", { body: { refreshToken: session.refresh } });
    problem(res, 401, "UNAUTHENTICATED");
    return "401 UNAUTHENTICATED";
  });

  check("reuse ended the session (newest token → 401)", async () => {
    expect(session.access3, "skipped: refresh failed");
    const res = await call("GET", "/api/auth/me", { token: session.access3 });
    problem(res, 401, "UNAUTHENTICATED");
    return "401: the session's newest access token is refused";
  });

  let second = "";
  check("sign in again, logout → 204", async () => {
    // A failed first sign-in would fail again, and each failure counts against the account's limit.
    expect(session.userId, "skipped: sign-in failed");
    const s = await login();
    second = s.access;
    const res = await call("POST", "/api/auth/logout", { token: s.access });
    status(res, 204);
    return "200 then 204";
  });

  check("logged-out access token → 401", async () => {
    expect(second, "skipped: logout failed");
    const res = await call("GET", "/api/auth/me", { token: second });
    problem(res, 401, "UNAUTHENTICATED");
    return "401 on the very next request";
  });
}

check("headers on every response", async () => {
  expect(sent.length, "no responses to look at");
  // Grouped by what is wrong, so a deployment without the gateway in front reads as one line.
  const problems = new Map<string, string[]>();
  for (const { label, requestId, res } of sent) {
    const missing = EVERY_RESPONSE_HEADERS.filter((h) => !res.headers.get(h));
    const echoed = res.headers.get("x-request-id");
    const what = missing.length ? `lack ${missing.join(", ")}` : echoed !== requestId ? "do not echo the sent X-Request-Id" : null;
    if (what) problems.set(what, [...(problems.get(what) ?? []), label]);
  }
  const bad = [...problems].map(([what, labels]) => `${labels.length} of ${sent.length} responses ${what} (e.g. ${labels[0]})`);
  expect(!bad.length, bad.join("; "));
  const services = [...new Set(sent.map((s) => s.res.headers.get("x-pitchey-service")))].sort().join(", ");
  return `X-Request-Id (echoed), Server-Timing, X-Pitchey-Service on all ${sent.length}; ${services}`;
});

// ---- run ----
const ms = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`;
const t0 = performance.now();
console.log(
  `Verifying ${opts.base} (${opts.credentials ? `as ${opts.credentials.email}` : "anonymous only: pass --email/--password or --demo to check sign-in"})`,
);
console.log(paint(`request ids ${runId}-N · ≤ ${opts.timeoutMs / 1000} s per request · ≤ ${opts.deadlineMs / 1000} s in all`, "dim"));
const failed: string[] = [];
const width = Math.max(...checks.map((c) => c.name.length));
for (const [i, c] of checks.entries()) {
  if (deadline.aborted) {
    const left = checks.slice(i).map((x) => x.name);
    console.log(`  ${paint("✗", "red")} ${paint(`overall deadline of ${opts.deadlineMs / 1000} s reached; not run: ${left.join(", ")}`, "red")}`);
    failed.push(...left);
    break;
  }
  const start = performance.now();
  const before = sent.length;
  try {
    const detail = await c.run();
    console.log(`  ${paint("✓", "green")} ${c.name.padEnd(width)} ${ms(performance.now() - start).padStart(8)}  ${paint(detail, "dim")}`);
  } catch (err) {
    const msg = err instanceof CheckFailed || err instanceof ProbeError ? err.message : `unexpected error: ${(err as Error)?.stack ?? String(err)}`;
    // The request id of this check's last request, to find it in the logs.
    const rid = sent.length > before ? sent.at(-1)?.requestId : undefined;
    console.log(
      `  ${paint("✗", "red")} ${c.name.padEnd(width)} ${ms(performance.now() - start).padStart(8)}  ${paint(msg, "red")}${rid ? paint(` [${rid}]`, "dim") : ""}`,
    );
    failed.push(c.name);
    // Not even liveness answers: every later check would say the same; stop with one clear line.
    if (err instanceof ProbeError && (err.kind === "unreachable" || err.kind === "timeout") && i === 0) {
      console.log(
        `  ${paint(`${err.kind === "timeout" ? "no answer from" : "cannot reach"} ${opts.base}; the other ${checks.length - 1} checks were not run`, "red")}`,
      );
      failed.push(...checks.slice(1).map((x) => x.name));
      break;
    }
  }
}
const total = ((performance.now() - t0) / 1000).toFixed(1);
if (failed.length) {
  console.log(paint(`\nFAIL: ${failed.length} of ${checks.length} checks failed against ${opts.base} (${total} s)`, "red"));
  process.exit(1);
}
console.log(paint(`\nOK: all ${checks.length} checks passed against ${opts.base} (${total} s, ${sent.length} requests)`, "green"));
