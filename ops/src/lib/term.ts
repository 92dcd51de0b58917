// Terminal colour for the operator scripts: only on a TTY, and never when NO_COLOR is set.
export type Paint = (text: string, color: "green" | "yellow" | "red" | "dim" | "bold") => string;

const CODES = { green: 32, yellow: 33, red: 31, dim: 2, bold: 1 } as const;

export function painter(stream: NodeJS.WriteStream): Paint {
  const on = Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== "dumb";
  return on ? (text, color) => `\x1b[${CODES[color]}m${text}\x1b[0m` : (text) => text;
}

/** The colour of a status word: ok green, degraded/disabled yellow, anything else red. */
export function statusColor(status: string | null | undefined): "green" | "yellow" | "red" {
  return status === "ok" ? "green" : status === "degraded" || status === "disabled" ? "yellow" : "red";
}
