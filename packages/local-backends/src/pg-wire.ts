// The few pieces of the Postgres wire protocol (v3) the embedded server needs: framing a byte stream
// into messages, reading a startup packet, and building the replies it answers by itself.

export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;
export const PROTOCOL_3 = 196608;
/** Frontend message types the server acts on itself. */
export const TERMINATE = 0x58; // 'X'
const READY_FOR_QUERY = 0x5a; // 'Z'

/** Splits a client's byte stream into whole messages. Until the startup packet, messages carry no
 *  type byte (SSLRequest and GSSENCRequest may come first); after it, every message does. */
export class MessageReader {
  private buf: Buffer = Buffer.alloc(0);
  private untyped = true;

  push(chunk: Buffer): Buffer[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Buffer[] = [];
    for (;;) {
      const head = this.untyped ? 4 : 5;
      if (this.buf.length < head) break;
      const len = this.untyped ? this.buf.readInt32BE(0) : 1 + this.buf.readInt32BE(1);
      if (len < head - 1 || this.buf.length < len) break;
      const msg = Buffer.from(this.buf.subarray(0, len));
      this.buf = this.buf.subarray(len);
      out.push(msg);
      if (this.untyped) {
        const code = msg.length >= 8 ? msg.readInt32BE(4) : 0;
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) this.untyped = false;
      }
    }
    return out;
  }
}

/** The request code of an untyped packet (protocol version, SSLRequest, CancelRequest, …). */
export const packetCode = (msg: Buffer): number => (msg.length >= 8 ? msg.readInt32BE(4) : 0);

/** The parameters of a StartupMessage (user, database, application_name, …). */
export function startupParams(msg: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 8;
  for (;;) {
    const k = msg.indexOf(0, i);
    if (k <= i) break;
    const v = msg.indexOf(0, k + 1);
    if (v < 0) break;
    out[msg.toString("utf8", i, k)] = msg.toString("utf8", k + 1, v);
    i = v + 1;
  }
  return out;
}

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}

/** An ErrorResponse (severity ERROR or FATAL) with its SQLSTATE. */
export function errorResponse(severity: "ERROR" | "FATAL", code: string, text: string): Buffer {
  const field = (t: string, v: string) => Buffer.from(`${t}${v}\0`, "utf8");
  return message("E", Buffer.concat([field("S", severity), field("V", severity), field("C", code), field("M", text), Buffer.from([0])]));
}

export const authenticationOk = (): Buffer => message("R", Buffer.alloc(4));
export const readyForQuery = (status: "I" | "T" | "E"): Buffer => message("Z", Buffer.from(status, "latin1"));
export const simpleQuery = (sql: string): Buffer => message("Q", Buffer.from(`${sql}\0`, "utf8"));
export const sync = (): Buffer => message("S", Buffer.alloc(0));

/** A StartupMessage (protocol 3.0) with these parameters. */
export function startupMessage(params: Record<string, string>): Buffer {
  const body = Buffer.concat([...Object.entries(params).map(([k, v]) => Buffer.from(`${k}\0${v}\0`, "utf8")), Buffer.from([0])]);
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(PROTOCOL_3, 4);
  return Buffer.concat([head, body]);
}

/** The transaction status of the last ReadyForQuery in a run of backend messages ("I" idle, "T" in
 *  a transaction, "E" in a failed one), or null when there is none. */
export function lastReadyStatus(out: Uint8Array): "I" | "T" | "E" | null {
  let status: "I" | "T" | "E" | null = null;
  let i = 0;
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  while (i + 5 <= out.length) {
    const len = view.getInt32(i + 1);
    if (out[i] === READY_FOR_QUERY && len === 5 && i + 6 <= out.length) status = String.fromCharCode(out[i + 5]!) as "I" | "T" | "E";
    i += 1 + len;
  }
  return status;
}

/** Splits backend output into whole messages and keeps only those of the given types. */
export function keepMessages(out: Uint8Array, types: string): Buffer {
  const buf = Buffer.from(out);
  const kept: Buffer[] = [];
  let i = 0;
  while (i + 5 <= buf.length) {
    const end = i + 1 + buf.readInt32BE(i + 1);
    if (types.includes(String.fromCharCode(buf[i]!))) kept.push(buf.subarray(i, end));
    i = end;
  }
  return Buffer.concat(kept);
}
