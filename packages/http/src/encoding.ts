// Byte encodings used across services: base64url (RFC 4648 §5, unpadded) for tokens, cursors and the
// identity header, lowercase hex for ids and digests, and SHA-256 through WebCrypto. One
// implementation, so every stored or signed value is encoded the same way everywhere.
const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/** char code → 6-bit value, 255 for anything outside the base64url alphabet. */
const DECODE = new Uint8Array(128).fill(255);
for (let i = 0; i < 64; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
/** Two characters per 12 bits: one table lookup per 1.5 bytes (built on first use, not at start-up). */
let PAIRS: string[] | undefined;
const pairs = () => (PAIRS ??= Array.from({ length: 4096 }, (_, i) => ALPHABET[i >> 6]! + ALPHABET[i & 63]!));

// Table-driven, in one pass, no intermediate binary string (atob/btoa need one, and then regex
// passes to swap alphabets): these run on every identity header, token and cursor.
export function bytesToBase64url(bytes: Uint8Array): string {
  const PAIRS = pairs();
  let out = "";
  const n = bytes.length - (bytes.length % 3);
  for (let i = 0; i < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += PAIRS[v >> 12]! + PAIRS[v & 4095]!;
  }
  const rest = bytes.length - n;
  if (rest === 1) out += PAIRS[bytes[n]! << 4]!;
  else if (rest === 2) {
    const v = (bytes[n]! << 10) | (bytes[n + 1]! << 2);
    out += PAIRS[v >> 6]! + ALPHABET[v & 63]!;
  }
  return out;
}

/** The bytes of an unpadded base64url string; throws a TypeError on any other alphabet or a length no encoder makes. */
export function base64urlToBytes(text: string): Uint8Array {
  const len = text.length;
  // A length of 4n+1 cannot come from any byte string.
  if (len % 4 === 1) throw new TypeError("not base64url");
  const out = new Uint8Array(Math.floor((len * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? DECODE[c]! : 255;
    if (v === 255) throw new TypeError("not base64url");
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 255;
    }
  }
  // Leftover bits must be zero, as an encoder leaves them (else two strings would decode alike).
  if (acc & ((1 << bits) - 1)) throw new TypeError("not base64url");
  return out;
}

export const textToBase64url = (text: string): string => bytesToBase64url(utf8.encode(text));

/** The UTF-8 text inside a base64url string; throws a TypeError when it is not base64url or not valid UTF-8. */
export function base64urlToText(text: string): string {
  return utf8Strict.decode(base64urlToBytes(text));
}

/** Byte → two lowercase hex digits (built on first use). */
let HEX: string[] | undefined;
const hexTable = () => (HEX ??= Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0")));

export function bytesToHex(bytes: Uint8Array, from = 0, to = bytes.length): string {
  const table = hexTable();
  let out = "";
  for (let i = from; i < to; i++) out += table[bytes[i]!]!;
  return out;
}

/** SHA-256 of bytes, or of a string's UTF-8. */
export async function sha256(data: string | Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", typeof data === "string" ? utf8.encode(data) : data));
}

export const sha256Hex = async (data: string | Uint8Array): Promise<string> => bytesToHex(await sha256(data));
