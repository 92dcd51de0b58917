// /docs: a self-contained page that renders /api/openapi.json (no third-party scripts).
export const DOCS_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pitchey API reference</title>
<style>body{font:15px system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}code{background:#f6f8fa;padding:.1rem .3rem}
.m{display:inline-block;width:4.5rem;font-weight:600}details{border-bottom:1px solid #ddd;padding:.4rem 0}pre{background:#f6f8fa;padding:.6rem;overflow:auto}</style></head>
<body><h1>Pitchey API reference</h1><p>Generated from the contracts package: <a href="/api/openapi.json">openapi.json</a>.</p><div id="ops">Loading…</div>
<script>
fetch('/api/openapi.json').then(r => r.json()).then(doc => {
  const el = document.getElementById('ops'); el.textContent = '';
  for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) {
    const d = document.createElement('details');
    const s = document.createElement('summary');
    s.innerHTML = '<span class="m"></span><code></code> ';
    s.querySelector('.m').textContent = method.toUpperCase(); s.querySelector('code').textContent = path;
    s.append(op.summary || '');
    const pre = document.createElement('pre'); pre.textContent = JSON.stringify(op, null, 2);
    d.append(s, pre); el.append(d);
  }
});
</script></body></html>`;
