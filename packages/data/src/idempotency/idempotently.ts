// One Idempotency-Key mechanism for every POST that creates (docs/api.md "HTTP semantics"; Stripe semantics):
// the request is validated first (a 400 is never remembered), fingerprinted, and the key claimed
// atomically before any work. A repeat of a finished request answers as the first did, byte for byte,
// with `Idempotent-Replayed: true`; the same key with another request → 422; while the first runs →
// 409 with Retry-After. A failed attempt that created nothing gives the key back.
//
// @example
//   return idempotently(rc, KEYS, { scope: me.sub, key: input.idempotencyKey, fingerprint }, {
//     run: async (claim) => { const pitch = await create(claim); return { reply: …, remember: … }; },
//   });
import { HttpError, storedReply, type AnyReply, type RequestContext, type StoredReply } from "@pitchey/http";
import { db } from "../db";
import { CLAIM_LEASE_SECONDS, decide } from "./policy";
import { claim as claimKey, completeStatement, dropExpired, find, release, type Claim, type KeyRow, type KeyTable, type Remembered } from "./store";

export interface IdempotentRequest {
  /** Whose keys these are (the user, the investor, the email being registered). */
  scope: string;
  /** The validated Idempotency-Key header, or null (the work then simply runs once). */
  key: string | null;
  /** fingerprint(method, path, validated body): the same key with another request is refused. */
  fingerprint: string;
}

export interface Done<R> {
  reply: R;
  /** What a replay answers with. */
  remember: Remembered;
  /** True when the work already recorded `remember` in its own transaction (completeStatement). */
  recorded?: boolean;
}

/** A replay answers with one of the statuses the work itself answers. */
type Replayed<R> = StoredReply<R extends { status: infer S extends number } ? S : number>;

export interface IdempotentWork<R extends AnyReply> {
  /** Does the work; `claim` is null without a key. `claim.resourceId` set: a dead attempt created it, answer with that. */
  run(claim: Claim | null): Promise<Done<R>>;
  /** The answer to a replay (default: the remembered one, marked Idempotent-Replayed). */
  replay?(remembered: Remembered): Promise<R | Replayed<R>>;
}

const inProgress = () =>
  new HttpError(409, "IDEMPOTENCY_IN_PROGRESS", "A request with this Idempotency-Key is still being processed; retry shortly.", {
    headers: { "retry-after": "1" },
  });

/** The remembered answer as a reply: same status, headers and bytes, marked as a replay. */
export function replayOf(r: Remembered): StoredReply<number> {
  return storedReply(r.status, r.dataJson, r.requestId, { headers: { ...r.headers, "idempotent-replayed": "true" } });
}

const remembered = (row: KeyRow): Remembered => ({
  status: row.responseStatus!,
  headers: row.responseHeaders ?? {},
  dataJson: row.responseBody!,
  requestId: row.requestId!,
});

export async function idempotently<R extends AnyReply>(
  rc: RequestContext<any>,
  table: KeyTable,
  req: IdempotentRequest,
  work: IdempotentWork<R>,
): Promise<R | Replayed<R>> {
  if (req.key === null) return (await work.run(null)).reply;
  const database = db(rc);
  const again = (row: KeyRow): Promise<R | Replayed<R>> | Replayed<R> =>
    work.replay ? work.replay(remembered(row)) : (replayOf(remembered(row)) as Replayed<R>);
  const answer = async (row: KeyRow): Promise<R | Replayed<R> | "expired"> => {
    const d = decide(row, req.fingerprint);
    if (d === "expired") return d;
    if (d === "reused") throw new HttpError(422, "IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was already used with a different request.");
    if (d === "in_progress") throw inProgress();
    return again(row);
  };
  const token = crypto.randomUUID();
  for (let attempt = 0; attempt < 3; attempt++) {
    const held = await claimKey(database, table, req.scope, req.key, req.fingerprint, token, CLAIM_LEASE_SECONDS);
    if (held) {
      try {
        const done = await work.run(held);
        if (!done.recorded) {
          const complete = completeStatement(table, held, done.remember);
          await database.query(complete.text, complete.params);
        }
        return done.reply;
      } catch (err) {
        // A twin that took over a stale claim may have finished first: its answer is the one.
        const row = await find(database, table, req.scope, req.key).catch(() => undefined);
        if (row?.responseBody != null && row.fingerprint === req.fingerprint) return again(row);
        await release(database, table, held).catch((e: unknown) => rc.log.error("idempotency key release failed", { err: e }));
        throw err;
      }
    }
    const row = await find(database, table, req.scope, req.key);
    if (!row) continue; // released between the two statements: claim again
    const a = await answer(row);
    if (a !== "expired") return a;
    await dropExpired(database, table, row.id);
  }
  throw inProgress();
}
