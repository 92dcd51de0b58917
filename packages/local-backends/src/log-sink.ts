// Tests only: tail Workers that forward the console output of the Worker they tail (its `tails`
// option) to the stand-ins' log sink (POST /__logs, test-sinks.ts), where a test reads it back. This
// is how a deployment collects Workers' logs too (Tail Workers, Logpush): the test reads what each
// Worker really wrote, not a copy the code under test kept for it. One tail Worker per tailed Worker,
// because Miniflare leaves a trace event's scriptName empty: each names its source itself.

const SCRIPT = `
export default {
  async tail(events, env) {
    const lines = events.flatMap((e) => (e.logs || []).map((l) => ({ script: e.scriptName || env.SOURCE, level: l.level, message: l.message })));
    if (lines.length) await fetch(env.SINK_URL, { method: "POST", body: JSON.stringify(lines) });
  },
};`;

/** The name of the tail Worker of `source`. */
export const logSinkName = (source: string) => `log-sink-${source}`;

/** Miniflare options of the tail Worker of `source`, posting to the stand-ins at `standInsUrl`. */
export function logSinkWorker(standInsUrl: string, source: string, compatibilityDate = "2026-04-20") {
  return {
    name: logSinkName(source),
    modules: true,
    script: SCRIPT,
    compatibilityDate,
    bindings: { SINK_URL: `${standInsUrl}/__logs`, SOURCE: source },
  };
}
