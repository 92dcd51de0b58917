// Which schemas describe which route, for the OpenAPI document. Each service's contract module
// registers its routes here.
import * as z from "zod";
import { HealthReport, Liveness } from "./health";
import { AuthResponse, LoginBody, MeResponse, RefreshBody, RegisterBody } from "./auth";
import {
  AddToWatchlist, CreateInvestment, DashboardResponse, IdempotencyKey, InvestmentPage, InvestmentResponse, InvestorListQuery, PortfolioResponse,
  WatchlistItemResponse, WatchlistPage,
} from "./investor";
import { CreatePitch, ListNdasQuery, ListPitchesQuery, MinePitchesQuery, Nda, Pitch, RequestNda, UpdatePitch } from "./pitch";
import { envelope, Meta } from "./common";

const page = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), meta: Meta });
const PitchResponse = envelope(Pitch);
const NdaResponse = envelope(Nda);

/** A request header a route reads (Authorization is described once, by the security scheme). */
export interface HeaderDoc {
  name: string;
  required: boolean;
  description: string;
  schema?: z.ZodType;
}

export interface RouteSchemas {
  body?: z.ZodType;
  query?: z.ZodType;
  response?: z.ZodType;
  status?: number;
  /** What the `status` answer means, when "Success" says too little. */
  description?: string;
  headers?: HeaderDoc[];
  /** Headers the `status` answer may carry: name → description. */
  responseHeaders?: Record<string, string>;
  /** Other answers worth naming: status → description. A 2xx carries `response`, any other status problem+json. */
  extraResponses?: Record<number, string>;
}

/** POST /api/pitches/:id/views: 202, the view is counted after the response. */
const ViewAccepted = envelope(z.object({ pitchId: z.string(), accepted: z.boolean() }));

export const ROUTE_SCHEMAS: Record<string, RouteSchemas> = {
  "GET /api/health": { response: HealthReport, status: 200 },
  "GET /api/health/live": { response: Liveness, status: 200 },

  "POST /api/auth/register": { body: RegisterBody, response: AuthResponse, status: 201 },
  "POST /api/auth/login": { body: LoginBody, response: AuthResponse, status: 200 },
  "POST /api/auth/creator/login": { body: LoginBody, response: AuthResponse, status: 200 },
  "POST /api/auth/investor/login": { body: LoginBody, response: AuthResponse, status: 200 },
  "POST /api/auth/production/login": { body: LoginBody, response: AuthResponse, status: 200 },
  "POST /api/auth/refresh": { body: RefreshBody, response: AuthResponse, status: 200 },
  "POST /api/auth/logout": { status: 204 },
  "GET /api/auth/me": { response: MeResponse, status: 200 },

  "GET /api/pitches": { query: ListPitchesQuery, response: page(Pitch), status: 200 },
  "GET /api/pitches/mine": { query: MinePitchesQuery, response: page(Pitch), status: 200 },
  "GET /api/pitches/:id": { response: PitchResponse, status: 200 },
  "POST /api/pitches": { body: CreatePitch, response: PitchResponse, status: 201 },
  "PATCH /api/pitches/:id": { body: UpdatePitch, response: PitchResponse, status: 200 },
  "DELETE /api/pitches/:id": { status: 204 },
  "POST /api/pitches/:id/publish": { response: PitchResponse, status: 200 },
  "POST /api/pitches/:id/archive": { response: PitchResponse, status: 200 },
  "POST /api/pitches/:id/views": { response: ViewAccepted, status: 202, description: "Accepted: the view is counted after the response." },
  "POST /api/pitches/:id/nda": { body: RequestNda, response: NdaResponse, status: 201 },
  "GET /api/ndas": { query: ListNdasQuery, response: page(Nda), status: 200 },
  "POST /api/ndas/:id/approve": { response: NdaResponse, status: 200 },
  "POST /api/ndas/:id/reject": { response: NdaResponse, status: 200 },
  "POST /api/ndas/:id/revoke": { response: NdaResponse, status: 200 },

  "GET /api/investor/dashboard": { response: DashboardResponse, status: 200 },
  "GET /api/investor/watchlist": { query: InvestorListQuery, response: WatchlistPage, status: 200 },
  "POST /api/investor/watchlist": {
    body: AddToWatchlist,
    response: WatchlistItemResponse,
    status: 201,
    description: "Added: the new entry.",
    extraResponses: { 200: "Already on the watchlist: the entry as stored (its note unchanged)." },
  },
  "DELETE /api/investor/watchlist/:pitchId": { status: 204 },
  "GET /api/investor/investments": { query: InvestorListQuery, response: InvestmentPage, status: 200 },
  "POST /api/investor/investments": {
    body: CreateInvestment,
    response: InvestmentResponse,
    status: 201,
    description: "Created, `pending`. A replay of a finished request with the same key is this response, byte for byte.",
    headers: [{
      name: "Idempotency-Key",
      required: false,
      description: "Makes retries safe: 1–255 printable ASCII characters (a UUID is typical), scoped to the investor, remembered at least 24 h.",
      schema: IdempotencyKey,
    }],
    responseHeaders: {
      Location: "The new investment's URL.",
      "Idempotent-Replayed": "`true` when this is the stored response of an earlier request with the same Idempotency-Key.",
    },
    extraResponses: {
      409: "IDEMPOTENCY_IN_PROGRESS: a request with this Idempotency-Key is still being processed (Retry-After: 1).",
      422: "IDEMPOTENCY_KEY_REUSED: this Idempotency-Key was used with a different request body.",
    },
  },
  "GET /api/investor/investments/:id": { response: InvestmentResponse, status: 200 },
  "POST /api/investor/investments/:id/withdraw": { response: InvestmentResponse, status: 200 },
  "GET /api/investor/portfolio": { response: PortfolioResponse, status: 200 },
};
