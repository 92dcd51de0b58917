// The auth service serves exactly the operations declared for it (@pitchey/contracts routes.ts):
// no route without a declaration, no declaration without its handler.
import { describe, expect, it } from "vitest";
import { servedProblems } from "@pitchey/http";
import { app } from "./auth.routes";

describe("the auth app", () => {
  it("serves its declared operations and nothing else", () => {
    expect(servedProblems(app, "auth")).toEqual([]);
    expect(app.served.length).toBeGreaterThan(0);
  });
});
