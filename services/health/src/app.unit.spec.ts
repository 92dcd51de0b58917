// The health service serves exactly the operations declared for it (@pitchey/contracts routes.ts):
// no route without a declaration, no declaration without its handler.
import { describe, expect, it } from "vitest";
import { servedProblems } from "@pitchey/http";
import { app } from "./health.routes";

describe("the health app", () => {
  it("serves its declared operations and nothing else", () => {
    expect(servedProblems(app, "health")).toEqual([]);
    expect(app.served.length).toBeGreaterThan(0);
  });
});
