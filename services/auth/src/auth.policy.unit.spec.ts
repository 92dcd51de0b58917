import { describe, expect, it } from "vitest";
import { portalAllows } from "./auth.policy";

describe("portalAllows", () => {
  it("lets the plain login admit every role and each portal only its own", () => {
    const roles = ["creator", "investor", "production"] as const;
    for (const role of roles) {
      expect(portalAllows(null, role)).toBe(true);
      for (const portal of roles) expect(portalAllows(portal, role), `${role} at ${portal}`).toBe(portal === role);
    }
  });
});
