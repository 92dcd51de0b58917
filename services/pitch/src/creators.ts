// Creator display names come from the auth service (one batched RPC per cache fill); pitch never
// writes or reads the auth schema.
import type { RequestContext } from "@pitchey/http";
import type { Env } from "./pitch.context";

export async function creatorNames(rc: RequestContext<Env>, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  try {
    const users = await rc.env.AUTH.getUsers(unique);
    return new Map(users.map((u) => [u.id, u.name]));
  } catch (err) {
    // Fault isolation: pitches stay readable while auth is down; names show empty until the next fill.
    rc.log.warn("creator names unavailable", { err });
    return new Map();
  }
}
