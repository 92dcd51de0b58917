// /status in a real browser, through the gateway of the running mesh: headless Chromium loads the
// page and reads the rendered DOM — the overall state, every service and its canary arm, the
// dependencies, a bar per cache layer, a latency chart per service, the canary weights and a rollback
// event the gateway made itself — on a phone-sized screen, with no JSON dump. Any console error
// (a CSP violation is one) or any request to anything but the gateway fails it. Screenshots are
// saved in browser/screenshots/ (git-ignored).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
// The data package's canary storage, by path: its index also holds Workers-only code.
import { readEvents, readSettings, writeWeight } from "../../../packages/data/src/canary/settings";
import { Redis } from "../../../packages/data/src/redis";
import type { Browser } from "playwright-core";
import { browserUnavailable, launchBrowser } from "../../../packages/browser-tests/src/browser";
import { startMeshWorkers, type MeshWorkers } from "../../../packages/local-backends/src/mesh-workers";
import { skipWhen } from "../../../packages/local-backends/src/skip-when";
import type {} from "../../../packages/local-backends/src/global-setup"; // inject()'s types

const SHOTS = join(import.meta.dirname, "screenshots");
const PHONE = { width: 390, height: 844 };

let mesh: MeshWorkers;
let browser: Browser | undefined;
let skip: string | undefined;
let redis: Redis;

/** The fault switch of the local and test instances (data package canary/faults.ts): `fault:<service>@<arm>`. */
const setFault = (service: string, arm: string, fault: { error: number } | null) =>
  fault ? redis.set(`fault:${service}@${arm}`, JSON.stringify(fault)) : redis.del(`fault:${service}@${arm}`);

beforeAll(async () => {
  skip = browserUnavailable() ?? undefined;
  if (skip) return;
  browser = await launchBrowser();
  const bindings = inject("bindings");
  // Errors only: the injected failures below would each write a warning.
  mesh = await startMeshWorkers({ ...bindings, LOG_LEVEL: "error" }, inject("serviceDatabaseUrls"));
  redis = new Redis(bindings.UPSTASH_REDIS_REST_URL!, bindings.UPSTASH_REDIS_REST_TOKEN!);
});

afterAll(async () => {
  await browser?.close();
  await mesh?.dispose();
});

const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${mesh.url}${path}`, { headers });
  await res.arrayBuffer();
  return res.status;
};

/** Anonymous requests from distinct clients (so canary weights split them), 20 at a time, until `done`. */
async function drive(path: string, run: string, done: () => Promise<boolean>, maxMs = 60_000) {
  const t0 = Date.now();
  for (let n = 0; Date.now() - t0 < maxMs; n += 20) {
    await Promise.all(Array.from({ length: 20 }, (_, i) => get(path, { "pitchey-client": `client-${run}-${n + i}` })));
    if (await done()) return;
  }
  throw new Error(`${path}: not done after ${maxMs} ms`);
}

describe("/status in Chromium", () => {
  it("shows the state of everything, with charts and canary events, readably on a phone and self-contained", async (ctx) => {
    skipWhen(ctx, Boolean(skip), skip ?? "");
    // A live canary on pitch, and one on investor whose arm fails, which the gateway rolls back itself.
    await writeWeight(redis, "pitch", 20, "status-test");
    await writeWeight(redis, "investor", 50, "status-test");
    await setFault("investor", "canary", { error: 1 });
    const t0 = Date.now();
    await drive("/api/investor/portfolio", "inv", async () => (await readSettings(redis)).investor?.weight === 0);
    console.log(`[status] the gateway rolled the investor canary back ${Date.now() - t0} ms after its first failure`);
    expect((await readEvents(redis, 1))[0]).toMatchObject({ service: "investor", weightBefore: 50 });
    // Traffic for the pitch chart on both arms; the gateway and the services flush their counts at
    // most every 5 s, so a last request after that sends the rest — past the gateway's response
    // cache (no-cache), or the pitch service, whose cache figures the page shows, would not see it.
    await drive("/api/pitches?limit=5", "pitch", async () => true);
    await new Promise((r) => setTimeout(r, 5_200));
    await get("/api/pitches?limit=5", { "cache-control": "no-cache" });

    const page = await browser!.newPage({ viewport: PHONE, deviceScaleFactor: 2 });
    const errors: string[] = [];
    const outside: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("request", (r) => {
      const u = r.url();
      if (!u.startsWith("data:") && new URL(u).origin !== mesh.url) outside.push(u);
    });
    const res = await page.goto(`${mesh.url}/status`, { waitUntil: "load" });
    expect(res!.status()).toBe(200);
    expect(res!.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");

    const dom = await page.evaluate(() => {
      const q = (s: string) => [...document.querySelectorAll(s)];
      const text = (s: string) => document.querySelector(s)?.textContent?.replace(/\s+/g, " ").trim() ?? "";
      // A table row as "cell | cell | …".
      const row = (tr: Element) => [...(tr as HTMLTableRowElement).cells].map((td) => td.textContent!.replace(/\s+/g, " ").trim()).join(" | ");
      return {
        title: document.title,
        overall: text("#overall .state"),
        refresh: document.querySelector('meta[http-equiv="refresh"]')?.getAttribute("content"),
        services: q("#services tbody tr").map(row),
        dependencies: q("#dependencies tbody tr").map(row),
        bars: q("#cache svg.bar").map((s) => s.getAttribute("aria-label")),
        pitchChart: q("#traffic-pitch svg.chart .p50, #traffic-pitch svg.chart .p95").length,
        pitchArms: q("#traffic-pitch tbody tr").map((tr) => tr.firstElementChild!.textContent),
        charts: q("#traffic article")
          .filter((a) => a.querySelector("svg.chart"))
          .map((a) => a.id),
        canary: q("#canary tbody tr").map(row),
        events: q("#canary ol.events li").map((li) => li.textContent!.replace(/\s+/g, " ").trim()),
        pre: q("pre").length,
        scripts: q("script").length,
        // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered (layout, hidden parts left out) is what is checked
        body: document.body.innerText,
        overflow: document.documentElement.scrollWidth - window.innerWidth,
      };
    });
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, "status-phone.png"), fullPage: true });
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.screenshot({ path: join(SHOTS, "status-desktop.png"), fullPage: true });

    expect(dom.title).toBe("Pitchey status: ok");
    expect(dom.overall).toBe("ok All systems operational");
    expect(dom.refresh).toBe("15");
    // Each service, then its canary arm, all up, with their versions.
    expect(dom.services.map((r) => r.replace(/ \| \d+ ms \| /, " | … | "))).toEqual([
      "gateway | ok | — | test",
      ...["health", "auth", "pitch", "investor"].flatMap((s) => [`${s} stable | ok | … | test`, `${s} canary | ok | … | test-canary`]),
    ]);
    expect(dom.dependencies.map((r) => r.split(" | ").slice(0, 2).join(" "))).toEqual(["database ok", "redis ok"]);
    expect(dom.bars).toHaveLength(4);
    expect(dom.bars[0]).toMatch(/^All layers hit ratio \d/);
    expect(dom.charts).toEqual(expect.arrayContaining(["traffic-investor", "traffic-pitch"]));
    expect(dom.pitchChart).toBeGreaterThan(0);
    expect(dom.pitchArms).toEqual(["canary", "stable"]);
    expect(dom.canary.find((r) => r.startsWith("pitch"))).toMatch(/^pitch \| 20 % \| status-test · /);
    expect(dom.canary.find((r) => r.startsWith("investor"))).toMatch(/^investor \| 0 % \| rollback · /);
    expect(dom.events[0]).toMatch(/investor rolled back from 50 % to 0 %: canary 5xx rate/);
    expect(dom.pre).toBe(0);
    expect(dom.scripts).toBe(0);
    expect(dom.body).not.toMatch(/[{}]/);
    expect(dom.overflow, "wider than a phone's screen").toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    await page.close();
    await setFault("investor", "canary", null);
  });
});
