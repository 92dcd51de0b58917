// /docs in headless Chromium, through the real gateway: the reference renders an operation's request
// schema, its errors and an example; the page loads nothing from anywhere but the gateway (no CDN,
// no script); its CSP blocks nothing it needs. A screenshot goes to artifacts/docs.png (git-ignored).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserUnavailable, launchBrowser, type Browser } from "../src/browser";
import { skipWhen } from "../../local-backends/src/skip-when";
import { startMesh, type Mesh } from "./mesh";

const ARTIFACTS = join(import.meta.dirname, "..", "artifacts");
const unavailable = browserUnavailable();
let mesh: Mesh | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  if (unavailable) return;
  [mesh, browser] = await Promise.all([startMesh(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await mesh?.stop();
});

describe("/docs", () => {
  it("renders the reference from the served document, fetching nothing but from the gateway, and saves a screenshot", async (ctx) => {
    skipWhen(ctx, unavailable !== null, unavailable ?? "");
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const requested: string[] = [];
    const problems: string[] = [];
    page.on("request", (r) => requested.push(r.url()));
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    page.on("pageerror", (e) => problems.push(String(e)));

    const res = await page.goto(`${mesh!.origin}/docs#op-createPitch`, { waitUntil: "load" });
    expect(res!.status()).toBe(200);
    expect(res!.headers()["content-security-policy"]).toMatch(/^default-src 'none'; style-src 'sha256-/);
    const html = await res!.text();
    console.log(`[docs] /docs is ${(html.length / 1024).toFixed(1)} KiB of HTML, ${(gzipSync(html).length / 1024).toFixed(1)} KiB gzip`);

    // One operation, as a client developer reads it: who may call it, its request schema with the
    // fields' rules, its errors with their codes, and an example request.
    const op = page.locator("#op-createPitch");
    await expect(op.locator("h3").textContent()).resolves.toContain("POST/api/pitches — Create a pitch");
    await expect(op.locator(".who").textContent()).resolves.toBe("Bearer token · creator or production accounts");
    await expect(op.locator("h4", { hasText: "Request body" }).textContent()).resolves.toBe("Request body: CreatePitchRequest");
    const title = op.locator("table.fields tr", { has: page.locator("code", { hasText: /^title$/ }) });
    await expect(title.textContent()).resolves.toMatch(/title\s*required\s*string\s*1–200 characters/);
    await expect(
      op
        .locator("table.fields tr", { has: page.locator("code", { hasText: /^genre$/ }) })
        .locator("a")
        .textContent(),
    ).resolves.toBe("Genre");
    await expect(op.locator("ul.responses").textContent()).resolves.toMatch(/422.*IDEMPOTENCY_KEY_REUSED/s);
    await expect(op.locator("pre code").first().textContent()).resolves.toMatch(/curl -X POST .*\/api\/pitches.*Idempotency-Key/s);
    // Schemas link to their own table; the guide renders the versioning policy.
    await page.locator("#op-createPitch a", { hasText: "Genre" }).first().click();
    expect(page.url()).toMatch(/#schema-Genre$/);
    await expect(page.locator("#versioning").textContent()).resolves.toBe("Versioning");
    await expect(page.locator("nav a", { hasText: "Create a pitch" }).count()).resolves.toBe(1);

    await page.goto(`${mesh!.origin}/docs#op-createPitch`, { waitUntil: "load" });
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "docs.png") });

    const origin = new URL(mesh!.origin).origin;
    expect(requested.filter((u) => new URL(u).origin !== origin)).toEqual([]);
    expect(requested.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});
