// Server-Timing: each hop adds its own entries (gateway, service, cache layer, db). Each entry is
// also kept as a span (when it started, relative to the request) for a Sentry transaction (sentry.ts).

export interface TimedSpan {
  name: string;
  desc?: string;
  /** Start and duration, ms from the start of the request. */
  startMs: number;
  durMs: number;
}

export class ServerTiming {
  private readonly entries: string[] = [];
  readonly spans: TimedSpan[] = [];
  /** performance.now() when the request began (in Workers it advances only with I/O). */
  readonly started = performance.now();
  /** Date.now() when the request began: spans' wall-clock origin. */
  readonly startedAt = Date.now();
  private readonly providers: (() => string[])[] = [];

  /** An entry that ended now and took `ms`. */
  add(name: string, ms: number, desc?: string): void {
    this.entries.push(`${name};dur=${ms.toFixed(1)}${desc ? `;desc="${desc.replace(/"/g, "'")}"` : ""}`);
    this.spans.push({ name, desc, startMs: Math.max(0, this.elapsed() - ms), durMs: ms });
  }

  /** Times fn and records it under name. */
  async time<T>(name: string, fn: () => Promise<T>, desc?: string): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.add(name, performance.now() - t0, desc);
    }
  }

  /** Entries computed when the header is written: lets a package that @pitchey/http does not depend
   *  on (the data package's cache and db totals) add its figures without a dependency back to it. */
  provide(entries: () => string[]): void {
    this.providers.push(entries);
  }

  elapsed(): number {
    return performance.now() - this.started;
  }

  header(total?: { name: string }): string {
    const all = [...this.entries, ...this.providers.flatMap((p) => p())];
    if (total) all.unshift(`${total.name};dur=${this.elapsed().toFixed(1)}`);
    return all.join(", ");
  }
}
