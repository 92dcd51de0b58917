// /status: the same report as /api/health, as a page for people — sections for every part, pictures
// as inline SVG, no JSON dump, nothing external, and a policy that lets only its own style apply.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("/status", () => {
  it("is HTML with every section, inline SVG pictures and no JSON dump", async () => {
    const res = await SELF.fetch("http://health.local/status");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await res.text();
    for (const id of ["overall", "services", "dependencies", "cache", "traffic", "canary"]) expect(html, id).toContain(`id="${id}"`);
    expect(html).toContain('<meta http-equiv="refresh"');
    expect(html).toMatch(/<svg class="bar"/);
    expect(html).not.toContain("<pre");
    expect(html).not.toMatch(/\{"/);
    expect(html).not.toMatch(/<script|src=|url\(|@import/i);
  });

  it("sends a policy under which nothing loads or runs and only the page's own style applies", async () => {
    const res = await SELF.fetch("http://health.local/status");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|script-src/);
    const style = /<style>([\s\S]*?)<\/style>/.exec(await res.text())![1]!;
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(style));
    expect(csp).toContain(`style-src 'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`);
  });
});
