// The NDA state machine: pending → approved | rejected; approved → revoked. Nothing else.
import type * as z from "zod";
import type { NdaStatus } from "@pitchey/contracts";

type Status = z.infer<typeof NdaStatus>;
export type NdaAction = "approve" | "reject" | "revoke";

export const NDA_TRANSITIONS: Record<NdaAction, { from: Status[]; to: Status }> = {
  approve: { from: ["pending"], to: "approved" },
  reject: { from: ["pending"], to: "rejected" },
  revoke: { from: ["approved"], to: "revoked" },
};

export const canTransition = (action: NdaAction, from: Status) => NDA_TRANSITIONS[action].from.includes(from);
