// The client's address as the platform gives it. On Cloudflare the edge sets CF-Connecting-IP itself
// (a client cannot choose it); locally `npm start` puts a small edge in front of the gateway that
// sets it from the socket (packages/local-backends/src/edge.ts). Only a well-formed IPv4 or IPv6 address is taken:
// anything else is stored nowhere and counts as "unknown".

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEXTET = /^[0-9a-f]{1,4}$/i;

export function isIpv4(s: string): boolean {
  return IPV4.test(s);
}

/** RFC 4291 text forms: eight hextets, one "::", and an IPv4 tail (::ffff:1.2.3.4). No zone ids. */
export function isIpv6(s: string): boolean {
  if (s.length < 2 || s.length > 45) return false;
  let text = s;
  if (s.includes(".")) {
    // An IPv4 tail stands for two hextets.
    const lastColon = s.lastIndexOf(":");
    if (!isIpv4(s.slice(lastColon + 1))) return false;
    text = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return false;
  const parts = (h: string) => (h === "" ? [] : h.split(":"));
  const head = parts(halves[0]!);
  const rest = halves.length === 2 ? parts(halves[1]!) : [];
  if (![...head, ...rest].every((p) => HEXTET.test(p))) return false;
  const n = head.length + rest.length;
  return halves.length === 2 ? n <= 7 : n === 8;
}

export const isIpAddress = (s: string): boolean => isIpv4(s) || isIpv6(s);

/** The platform-set client address, lower-cased, or "unknown" when it is absent or not an address. */
export function clientAddress(headers: Headers): string {
  const raw = headers.get("cf-connecting-ip");
  if (!raw) return "unknown";
  const v = raw.trim().toLowerCase();
  return isIpAddress(v) ? v : "unknown";
}
