// One structured logger: a JSON line per event, with the request's ids on every line.
export type LogLevel = "debug" | "info" | "warn" | "error";
export type Fields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  child(fields: Fields): Logger;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Lines below `minLevel` are dropped (LOG_LEVEL in a Worker's env; tests run at "warn"). */
export function createLogger(base: Fields = {}, minLevel: LogLevel = "info", sink: (line: string, level: LogLevel) => void = defaultSink): Logger {
  const min = RANK[minLevel] ?? RANK.info;
  const write = (level: LogLevel, msg: string, fields?: Fields) => {
    if (RANK[level] < min) return;
    const err = fields?.err instanceof Error ? { err: { name: fields.err.name, message: fields.err.message, stack: fields.err.stack } } : {};
    sink(JSON.stringify({ ts: new Date().toISOString(), level, msg, ...base, ...fields, ...err }), level);
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
    child: (fields) => createLogger({ ...base, ...fields }, minLevel, sink),
  };
}

function defaultSink(line: string, level: LogLevel) {
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}
