// RPC methods for other services (investor): batched summaries and NDA counts.
import { Id, type PitchSummary, type RpcViewer } from "@pitchey/contracts";
import type { Db } from "@pitchey/data";
import * as repo from "./pitch.repo";
import * as ndas from "./nda.repo";
import { canSee } from "./pitch.policy";

const MAX_IDS = 500;

export async function getSummaries(database: Db, ids: string[], viewer: RpcViewer | null): Promise<PitchSummary[]> {
  const valid = [...new Set(ids.filter((id) => Id.safeParse(id).success))].slice(0, MAX_IDS);
  const records = await repo.findByIds(database, valid);
  return records.map((r) => ({ id: r.id, title: r.title, genre: r.genre, status: r.status, visibility: r.visibility, visible: canSee(r, viewer) }));
}

export const countApprovedNdas = (database: Db, userId: string) => ndas.countApproved(database, userId);
