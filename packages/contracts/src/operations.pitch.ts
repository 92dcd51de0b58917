// The pitch service's operations (routes.ts has their method, path and access).
import * as z from "zod";
import { CreatePitch, ListNdasQuery, ListPitchesQuery, MinePitchesQuery, Nda, Pitch, RequestNda, UpdatePitch } from "./pitch";
import { empty, lazySpecs, one, page, type ErrorSpec, type Specs } from "./operation";

const NO_PITCH: ErrorSpec = {
  codes: ["NOT_FOUND"],
  description: "No such pitch, or one the caller may not see (drafts, archived and private pitches are their owner's).",
};
const NOT_OWNER: ErrorSpec = { codes: ["FORBIDDEN"], description: "The caller may see the pitch but does not own it." };
const NO_NDA: ErrorSpec = { codes: ["NOT_FOUND"], description: "No such NDA request, or one the caller is neither the requester nor the pitch's owner of." };

/** POST /api/pitches/:id/views: the view is counted after the response. */
export const ViewAccepted = z.object({ pitchId: z.string(), accepted: z.boolean() });

const pitchTransition = (action: "publish" | "archive", from: string) => () =>
  ({
    tag: "pitches",
    summary: `${action === "publish" ? "Publish" : "Archive"} a pitch`,
    description: `Owner only. Allowed from: ${from}.`,
    responses: { 200: one(Pitch) },
    errors: { 403: NOT_OWNER, 404: NO_PITCH, 409: { codes: ["CONFLICT"], description: `The pitch's status does not allow it (allowed from: ${from}).` } },
  }) as const;

const ndaDecision = (verb: string, from: string, effect: string) => () =>
  ({
    tag: "ndas",
    summary: `${verb} an NDA request`,
    description: `The pitch's owner only; allowed from \`${from}\`. ${effect}`,
    responses: { 200: one(Nda) },
    errors: {
      403: { codes: ["FORBIDDEN"], description: "The caller is the requester, not the pitch's owner." },
      404: NO_NDA,
      409: { codes: ["CONFLICT"], description: `The request is not \`${from}\`.` },
    },
  }) as const;

export const pitchOperations = lazySpecs({
  listPitches: () => ({
    tag: "pitches",
    summary: "Browse published pitches",
    description:
      "Published pitches the caller may see (`investors` visibility needs an investor or production account), newest first by default. " +
      "`q` searches titles and loglines. Anonymous answers may be cached publicly for 30 s.",
    query: ListPitchesQuery,
    responses: { 200: page(Pitch) },
  }),
  createPitch: () => ({
    tag: "pitches",
    summary: "Create a pitch",
    description: "Always created as a `draft`; `visibility` defaults to `public`. The answer includes the owner's `protected` material.",
    body: CreatePitch,
    location: true,
    responses: { 201: one(Pitch) },
  }),
  listMyPitches: () => ({
    tag: "pitches",
    summary: "The caller's own pitches",
    description: "Every status, newest first, with their `protected` material.",
    query: MinePitchesQuery,
    responses: { 200: page(Pitch) },
  }),
  getPitch: () => ({
    tag: "pitches",
    summary: "One pitch",
    description: "`protected` is present for the owner and for users whose NDA on this pitch is approved.",
    responses: { 200: one(Pitch) },
    errors: { 404: NO_PITCH },
  }),
  updatePitch: () => ({
    tag: "pitches",
    summary: "Update a pitch",
    description:
      "Owner only; a partial update of the fields `createPitch` takes. Send `If-Match` with the pitch's ETag to refuse the change (412) when the pitch changed since you read it.",
    body: UpdatePitch,
    responses: { 200: one(Pitch) },
    errors: { 403: NOT_OWNER, 404: NO_PITCH },
  }),
  deletePitch: () => ({
    tag: "pitches",
    summary: "Delete a pitch",
    description: "Owner only, with its views and NDA requests. `If-Match` as for `updatePitch`.",
    responses: { 204: empty },
    errors: { 403: NOT_OWNER, 404: NO_PITCH },
  }),
  publishPitch: pitchTransition("publish", "draft, archived"),
  archivePitch: pitchTransition("archive", "draft, published"),
  recordPitchView: () => ({
    tag: "pitches",
    summary: "Count a view",
    description: "Counted once per user, or once per anonymous client per 24 h; the count is written after the answer.",
    responses: { 202: one(ViewAccepted) },
    responseNotes: { 202: "Accepted: the view is counted after the response." },
    errors: { 404: NO_PITCH },
  }),
  requestNda: () => ({
    tag: "ndas",
    summary: "Request an NDA",
    description: "Creates a `pending` request; `Location` is the request's URL. One open (pending or approved) request per user and pitch.",
    body: RequestNda,
    location: true,
    responses: { 201: one(Nda) },
    errors: {
      403: { codes: ["FORBIDDEN"], description: "The caller owns the pitch." },
      404: NO_PITCH,
      409: { codes: ["CONFLICT"], description: "The caller already has an open request on this pitch." },
    },
  }),
  listNdas: () => ({
    tag: "ndas",
    summary: "NDA requests, incoming or outgoing",
    description: "`incoming`: on the caller's pitches; `outgoing`: the caller's own requests; neither: both. Newest first.",
    query: ListNdasQuery,
    responses: { 200: page(Nda) },
  }),
  getNda: () => ({
    tag: "ndas",
    summary: "One NDA request",
    description: "For its requester and the pitch's owner; anyone else gets 404.",
    responses: { 200: one(Nda) },
    errors: { 404: NO_NDA },
  }),
  approveNda: ndaDecision("Approve", "pending", "The requester sees `protected` on their next read."),
  rejectNda: ndaDecision("Reject", "pending", ""),
  revokeNda: ndaDecision("Revoke", "approved", "`protected` is withdrawn on the requester's next read."),
} satisfies Specs<"pitch">);
