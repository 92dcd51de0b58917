// What the test sinks (test-sinks.ts) hold, as tests inside workerd read it back: no Node types here.

/** One Sentry envelope as it arrived. */
export interface Envelope {
  header: Record<string, unknown>;
  items: { header: Record<string, unknown>; payload: unknown }[];
  /** The body as it arrived, for "this never leaves" checks. */
  raw: string;
}

/** One console call of a tailed Worker. */
export interface LogLine {
  /** The Worker that wrote it (its script name). */
  script: string;
  level: string;
  /** console.log's arguments. */
  message: unknown[];
}
