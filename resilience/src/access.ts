// Who may call each public route — the expected access the authorization matrix checks, in ONE
// table (docs/api.md). Keyed like the route table (`PUBLIC_ROUTES` in @pitchey/contracts): every route
// there must have a row here, or the matrix fails naming it. Shaped so a route declaration's own
// access field can replace it: per route, the cases the matrix runs (which resource the route is
// called on) and, for each, who may get a 2xx.

/** A caller's role, or a relation between the caller and the resource the route is called on. */
export type Grant =
  | "anyone"
  | "signed-in"
  | "creator"
  | "investor"
  | "production"
  /** The creator of the pitch (of the NDA's pitch, for an NDA: the NDA's owner). */
  | "pitch owner"
  | "NDA requester"
  | "investment owner";

/** What the route is called on: the matrix builds a fresh one per case (fixtures in authorization.ts). */
export type Resource = "none" | "published pitch" | "draft pitch" | "investors-only pitch" | "pending NDA" | "approved NDA" | "investment";

export interface AccessCase {
  on: Resource;
  /** Who may get a 2xx; anyone else must get 401, 403 or 404. */
  who: Grant[];
  /** A pitch's NDA-only material (`data.protected`): who may see it in a 2xx. */
  protected?: Grant[];
}

const any: Grant[] = ["anyone"];
const signedIn: Grant[] = ["signed-in"];
const owner: Grant[] = ["pitch owner"];
const investor: Grant[] = ["investor"];

export const ACCESS: Record<string, AccessCase[]> = {
  "POST /api/auth/register": [{ on: "none", who: any }],
  "POST /api/auth/login": [{ on: "none", who: any }],
  "POST /api/auth/creator/login": [{ on: "none", who: any }],
  "POST /api/auth/investor/login": [{ on: "none", who: any }],
  "POST /api/auth/production/login": [{ on: "none", who: any }],
  "POST /api/auth/refresh": [{ on: "none", who: any }],
  "POST /api/auth/logout": [{ on: "none", who: signedIn }],
  "GET /api/auth/me": [{ on: "none", who: signedIn }],

  "GET /api/pitches": [{ on: "none", who: any }],
  "POST /api/pitches": [{ on: "none", who: ["creator", "production"] }],
  "GET /api/pitches/mine": [{ on: "none", who: ["creator", "production"] }],
  "GET /api/pitches/:id": [
    { on: "published pitch", who: any, protected: ["pitch owner", "NDA requester"] },
    { on: "draft pitch", who: owner },
    { on: "investors-only pitch", who: ["investor", "production", "pitch owner"], protected: ["pitch owner"] },
  ],
  "PATCH /api/pitches/:id": [
    { on: "draft pitch", who: owner },
    { on: "published pitch", who: owner },
  ],
  "DELETE /api/pitches/:id": [
    { on: "draft pitch", who: owner },
    { on: "published pitch", who: owner },
  ],
  "POST /api/pitches/:id/publish": [{ on: "draft pitch", who: owner }],
  "POST /api/pitches/:id/archive": [{ on: "published pitch", who: owner }],
  "POST /api/pitches/:id/views": [
    { on: "published pitch", who: any },
    { on: "draft pitch", who: owner },
  ],
  "POST /api/pitches/:id/nda": [
    { on: "published pitch", who: ["investor", "production"] },
    { on: "draft pitch", who: [] },
  ],
  "GET /api/ndas": [{ on: "none", who: signedIn }],
  // One NDA request: its requester and the pitch's owner; anyone else 404.
  "GET /api/ndas/:id": [{ on: "pending NDA", who: ["pitch owner", "NDA requester"] }],
  "POST /api/ndas/:id/approve": [{ on: "pending NDA", who: owner }],
  "POST /api/ndas/:id/reject": [{ on: "pending NDA", who: owner }],
  "POST /api/ndas/:id/revoke": [{ on: "approved NDA", who: owner }],

  "GET /api/investor/dashboard": [{ on: "none", who: investor }],
  "GET /api/investor/watchlist": [{ on: "none", who: investor }],
  "POST /api/investor/watchlist": [
    { on: "published pitch", who: investor },
    { on: "draft pitch", who: [] },
  ],
  "DELETE /api/investor/watchlist/:pitchId": [{ on: "published pitch", who: investor }],
  "GET /api/investor/investments": [{ on: "none", who: investor }],
  "POST /api/investor/investments": [
    { on: "published pitch", who: investor },
    { on: "draft pitch", who: [] },
  ],
  "GET /api/investor/investments/:id": [{ on: "investment", who: ["investment owner"] }],
  "POST /api/investor/investments/:id/withdraw": [{ on: "investment", who: ["investment owner"] }],
  "GET /api/investor/portfolio": [{ on: "none", who: investor }],

  "GET /api/health": [{ on: "none", who: any }],
  "GET /api/health/live": [{ on: "none", who: any }],
  "GET /status": [{ on: "none", who: any }],
  "GET /api/openapi.json": [{ on: "none", who: any }],
  "GET /docs": [{ on: "none", who: any }],
};
