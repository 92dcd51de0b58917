// One request pipeline for every Worker: small stages composed in order. Each stage gets the
// request's context and `next`; it answers by itself or calls next() and may change what comes back.
// A stage that throws is answered by `onError` right there, so every stage outside it still sees a
// Response (CORS, the arm's label and the log line apply to errors too).
//
// @example
//   const run = pipeline<Rc>([respond(), cors, route, forward], toProblem);
//   const res = await run(rc);
export type Next = () => Promise<Response>;
export type Stage<C> = (c: C, next: Next) => Response | Promise<Response>;

export function pipeline<C>(stages: Stage<C>[], onError: (err: unknown, c: C) => Response): (c: C) => Promise<Response> {
  const n = stages.length;
  return (c) => {
    const run = async (i: number): Promise<Response> => {
      try {
        if (i >= n) throw new Error("the pipeline ended without an answer");
        return await stages[i]!(c, () => run(i + 1));
      } catch (err) {
        return onError(err, c);
      }
    };
    return run(0);
  };
}
