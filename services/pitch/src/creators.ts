// Creator display names come from the auth service: one batched getUsers RPC per request for the
// names no cache layer holds, each name then cached on its own. A failed lookup is not cached: the
// response shows an empty name (pitches stay readable while auth is down) and the next read retries.
import { cache, type CachePolicy } from "@pitchey/data";
import { callWorker, type RequestContext } from "@pitchey/http";
import type { Env } from "./env";

export const CREATOR_NAME: CachePolicy = { name: "creator-name", ttl: 600, grace: 3600, negativeTtl: 60, memoryTtl: 120 };
const RPC_DEADLINE_MS = 2_000;

export async function creatorNames(rc: RequestContext<Env>, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  // Made on the first miss of this request, shared only by this request's reads.
  let batch: Promise<Map<string, string>> | undefined;
  const fetchAll = () =>
    (batch ??= callWorker(rc, { service: "auth", label: "auth.getUsers", deadlineMs: RPC_DEADLINE_MS }, (trace) => rc.env.AUTH.getUsers(unique, trace)).then(
      (users) => new Map(users.map((u) => [u.id, u.name])),
    ));
  const names = await Promise.all(
    unique.map((id) =>
      cache(rc)
        .read(`creator:${id}`, async () => (await fetchAll()).get(id), { policy: CREATOR_NAME })
        .catch((err) => {
          rc.log.warn("creator name unavailable", { err, creatorId: id });
          return undefined;
        }),
    ),
  );
  return new Map(unique.map((id, i) => [id, names[i] ?? ""]));
}
