// Which schemas describe which route, for the OpenAPI document. Each service's contract module
// registers its routes here.
import * as z from "zod";
import { HealthReport, Liveness } from "./health";
import { AuthResponse, LoginBody, MeResponse, RefreshBody, RegisterBody } from "./auth";
import {
  AddToWatchlist, CreateInvestment, DashboardResponse, InvestmentPage, InvestmentResponse, InvestorListQuery, PortfolioResponse,
  WatchlistItemResponse, WatchlistPage,
} from "./investor";
import { CreatePitch, ListNdasQuery, ListPitchesQuery, MinePitchesQuery, Nda, Pitch, RequestNda, UpdatePitch } from "./pitch";
import { envelope, Meta } from "./common";

const page = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), meta: Meta });
const PitchResponse = envelope(Pitch);
const NdaResponse = envelope(Nda);

export interface RouteSchemas {
  body?: z.ZodType;
  query?: z.ZodType;
  response?: z.ZodType;
  status?: number;
}

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
  "POST /api/pitches/:id/views": { status: 202 },
  "POST /api/pitches/:id/nda": { body: RequestNda, response: NdaResponse, status: 201 },
  "GET /api/ndas": { query: ListNdasQuery, response: page(Nda), status: 200 },
  "POST /api/ndas/:id/approve": { response: NdaResponse, status: 200 },
  "POST /api/ndas/:id/reject": { response: NdaResponse, status: 200 },
  "POST /api/ndas/:id/revoke": { response: NdaResponse, status: 200 },

  "GET /api/investor/dashboard": { response: DashboardResponse, status: 200 },
  "GET /api/investor/watchlist": { query: InvestorListQuery, response: WatchlistPage, status: 200 },
  "POST /api/investor/watchlist": { body: AddToWatchlist, response: WatchlistItemResponse, status: 201 },
  "DELETE /api/investor/watchlist/:pitchId": { status: 204 },
  "GET /api/investor/investments": { query: InvestorListQuery, response: InvestmentPage, status: 200 },
  "POST /api/investor/investments": { body: CreateInvestment, response: InvestmentResponse, status: 201 },
  "GET /api/investor/investments/:id": { response: InvestmentResponse, status: 200 },
  "POST /api/investor/investments/:id/withdraw": { response: InvestmentResponse, status: 200 },
  "GET /api/investor/portfolio": { response: PortfolioResponse, status: 200 },
};
