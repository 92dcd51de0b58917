import { describe, expect, it } from "vitest";
import { clientAddress, isIpAddress } from "./client-address";

describe("clientAddress", () => {
  it("takes well-formed IPv4 and IPv6 addresses", () => {
    for (const ip of [
      "203.0.113.7",
      "0.0.0.0",
      "255.255.255.255",
      "::1",
      "::",
      "2001:db8::1",
      "2001:0db8:0000:0000:0000:ff00:0042:8329",
      "::ffff:192.0.2.1",
      "fe80::1:2:3:4",
    ]) {
      expect(isIpAddress(ip), ip).toBe(true);
    }
    expect(clientAddress(new Headers({ "cf-connecting-ip": "2001:DB8::1" }))).toBe("2001:db8::1");
  });

  it("refuses anything else and stores nothing of it", () => {
    for (const bad of [
      "",
      "1.2.3",
      "256.1.1.1",
      "01.2.3.4",
      "1.2.3.4.5",
      "::1::",
      "1:2:3:4:5:6:7:8:9",
      "12345::",
      "fe80::1%eth0",
      "unknown",
      "<script>",
      "1.2.3.4, 5.6.7.8",
      "x".repeat(60),
    ]) {
      expect(isIpAddress(bad), JSON.stringify(bad)).toBe(false);
      if (bad) expect(clientAddress(new Headers({ "cf-connecting-ip": bad }))).toBe("unknown");
    }
    expect(clientAddress(new Headers())).toBe("unknown");
  });
});
