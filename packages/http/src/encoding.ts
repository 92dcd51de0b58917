// Byte encodings used across services: base64url (RFC 4648 §5, unpadded) for tokens, cursors and the
// identity header, lowercase hex for ids and digests, and SHA-256 through WebCrypto. One
// implementation, so every stored or signed value is encoded the same way everywhere.
const utf8 = new TextEncoder();
const BASE64URL = /^[A-Za-z0-9_-]*$/;
/** String.fromCharCode takes its bytes as arguments: chunks keep a large input under the argument limit. */
const CHUNK = 0x8000;

export function bytesToBase64url(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += CHUNK) bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The bytes of an unpadded base64url string; throws a TypeError on any other alphabet or a length no encoder makes. */
export function base64urlToBytes(text: string): Uint8Array {
  // A length of 4n+1 cannot come from any byte string; atob would reject it too, but say so here.
  if (!BASE64URL.test(text) || text.length % 4 === 1) throw new TypeError("not base64url");
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

export const textToBase64url = (text: string): string => bytesToBase64url(utf8.encode(text));

/** The UTF-8 text inside a base64url string; throws a TypeError when it is not base64url or not valid UTF-8. */
export function base64urlToText(text: string): string {
  return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(base64urlToBytes(text));
}

export function bytesToHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

/** SHA-256 of bytes, or of a string's UTF-8. */
export async function sha256(data: string | Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", typeof data === "string" ? utf8.encode(data) : data));
}

export const sha256Hex = async (data: string | Uint8Array): Promise<string> => bytesToHex(await sha256(data));
