import { describe, expect, it } from "vitest";
import { pipeline, type Stage } from "./pipeline";

type C = { seen: string[] };
const tag =
  (name: string): Stage<C> =>
  async (c, next) => {
    c.seen.push(`>${name}`);
    const res = await next();
    c.seen.push(`<${name}:${res.status}`);
    return res;
  };
const onError = (err: unknown) => new Response(String((err as Error).message), { status: 599 });

describe("pipeline", () => {
  it("runs stages in order, each around the ones after it", async () => {
    const c: C = { seen: [] };
    const res = await pipeline<C>([tag("a"), tag("b"), () => new Response("ok")], onError)(c);
    expect(await res.text()).toBe("ok");
    expect(c.seen).toEqual([">a", ">b", "<b:200", "<a:200"]);
  });

  it("lets a stage answer without calling the rest", async () => {
    const c: C = { seen: [] };
    let reached = false;
    const res = await pipeline<C>([tag("a"), () => new Response(null, { status: 204 }), () => ((reached = true), new Response())], onError)(c);
    expect(res.status).toBe(204);
    expect(reached).toBe(false);
  });

  it("answers a throwing stage with onError where it threw, so outer stages still see a Response", async () => {
    const c: C = { seen: [] };
    const res = await pipeline<C>(
      [
        tag("outer"),
        tag("inner"),
        () => {
          throw new Error("boom");
        },
      ],
      onError,
    )(c);
    expect(res.status).toBe(599);
    expect(await res.text()).toBe("boom");
    expect(c.seen).toEqual([">outer", ">inner", "<inner:599", "<outer:599"]);
  });

  it("says so when no stage answers", async () => {
    const res = await pipeline<C>([tag("only")], onError)({ seen: [] });
    expect(await res.text()).toMatch(/ended without an answer/);
  });
});
