import { describe, expect, it } from "vitest";
import { NDA_TRANSITIONS, canTransition } from "./nda.policy";

describe("NDA state machine", () => {
  it("allows pending → approved | rejected and approved → revoked, nothing else", () => {
    const allowed = new Set(["approve:pending", "reject:pending", "revoke:approved"]);
    for (const action of ["approve", "reject", "revoke"] as const) {
      for (const from of ["pending", "approved", "rejected", "revoked"] as const) {
        expect(canTransition(action, from), `${action} from ${from}`).toBe(allowed.has(`${action}:${from}`));
      }
    }
  });
  it("names the state each action leads to", () => {
    expect(NDA_TRANSITIONS.approve.to).toBe("approved");
    expect(NDA_TRANSITIONS.reject.to).toBe("rejected");
    expect(NDA_TRANSITIONS.revoke.to).toBe("revoked");
  });
});
