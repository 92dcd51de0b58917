// Every public route, declared once: method, path, owning service, who may call it and the HTTP
// semantics it takes part in, keyed by a human operationId. No zod here (the gateway routes with
// this table alone and stays small); each operation's schemas, summary and errors are in
// operations.<service>.ts, keyed by the same ids and checked against this table at compile time.
//
// @example
//   ROUTES.getPitch  // { method: "GET", path: "/api/pitches/:id", service: "pitch", access: "anyone" }

export type ServiceName = "auth" | "pitch" | "investor" | "health";
export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
export const ROLES = ["creator", "investor", "production"] as const;
export type RoleName = (typeof ROLES)[number];

/** Who may call: anyone (a presented token must still be valid), any signed-in user, or these roles. */
export type Access = "anyone" | "signed-in" | readonly RoleName[];

/** The gateway and the services send these on what is going away (RFC 9745, RFC 8594). */
export interface Deprecation {
  /** When it was deprecated (YYYY-MM-DD). */
  since: string;
  /** When it stops answering (YYYY-MM-DD); at least VERSION_SUPPORT_MONTHS after `since`. */
  sunset: string;
  /** The operation to use instead. */
  successor?: string;
}

export interface RouteDecl {
  readonly method: HttpMethod;
  /** itty-router style path (":id" segments: opaque ids; a malformed one is not found). */
  readonly path: string;
  readonly service: ServiceName;
  readonly access: Access;
  /** Takes credentials in the body (register, logins, refresh): a bearer token sent along is ignored. */
  readonly credentials?: true;
  /** A POST that creates: accepts Idempotency-Key (docs/api.md "HTTP semantics"). */
  readonly idempotent?: true;
  /** Accepts If-Match: 412 when the resource changed since the client read it. */
  readonly conditional?: true;
  readonly deprecated?: Deprecation;
}

const CREATORS = ["creator", "production"] as const;
const NDA_REQUESTERS = ["investor", "production"] as const;
const INVESTORS = ["investor"] as const;

export const ROUTES = {
  register: { method: "POST", path: "/api/auth/register", service: "auth", access: "anyone", credentials: true, idempotent: true },
  login: { method: "POST", path: "/api/auth/login", service: "auth", access: "anyone", credentials: true },
  loginCreator: { method: "POST", path: "/api/auth/creator/login", service: "auth", access: "anyone", credentials: true },
  loginInvestor: { method: "POST", path: "/api/auth/investor/login", service: "auth", access: "anyone", credentials: true },
  loginProduction: { method: "POST", path: "/api/auth/production/login", service: "auth", access: "anyone", credentials: true },
  refreshSession: { method: "POST", path: "/api/auth/refresh", service: "auth", access: "anyone", credentials: true },
  logout: { method: "POST", path: "/api/auth/logout", service: "auth", access: "signed-in" },
  getMe: { method: "GET", path: "/api/auth/me", service: "auth", access: "signed-in" },

  listPitches: { method: "GET", path: "/api/pitches", service: "pitch", access: "anyone" },
  createPitch: { method: "POST", path: "/api/pitches", service: "pitch", access: CREATORS, idempotent: true },
  listMyPitches: { method: "GET", path: "/api/pitches/mine", service: "pitch", access: CREATORS },
  getPitch: { method: "GET", path: "/api/pitches/:id", service: "pitch", access: "anyone" },
  updatePitch: { method: "PATCH", path: "/api/pitches/:id", service: "pitch", access: "signed-in", conditional: true },
  deletePitch: { method: "DELETE", path: "/api/pitches/:id", service: "pitch", access: "signed-in", conditional: true },
  publishPitch: { method: "POST", path: "/api/pitches/:id/publish", service: "pitch", access: "signed-in" },
  archivePitch: { method: "POST", path: "/api/pitches/:id/archive", service: "pitch", access: "signed-in" },
  recordPitchView: { method: "POST", path: "/api/pitches/:id/views", service: "pitch", access: "anyone" },
  requestNda: { method: "POST", path: "/api/pitches/:id/nda", service: "pitch", access: NDA_REQUESTERS, idempotent: true },
  listNdas: { method: "GET", path: "/api/ndas", service: "pitch", access: "signed-in" },
  getNda: { method: "GET", path: "/api/ndas/:id", service: "pitch", access: "signed-in" },
  approveNda: { method: "POST", path: "/api/ndas/:id/approve", service: "pitch", access: "signed-in" },
  rejectNda: { method: "POST", path: "/api/ndas/:id/reject", service: "pitch", access: "signed-in" },
  revokeNda: { method: "POST", path: "/api/ndas/:id/revoke", service: "pitch", access: "signed-in" },

  getInvestorDashboard: { method: "GET", path: "/api/investor/dashboard", service: "investor", access: INVESTORS },
  listWatchlist: { method: "GET", path: "/api/investor/watchlist", service: "investor", access: INVESTORS },
  addToWatchlist: { method: "POST", path: "/api/investor/watchlist", service: "investor", access: INVESTORS, idempotent: true },
  removeFromWatchlist: { method: "DELETE", path: "/api/investor/watchlist/:pitchId", service: "investor", access: INVESTORS },
  listInvestments: { method: "GET", path: "/api/investor/investments", service: "investor", access: INVESTORS },
  createInvestment: { method: "POST", path: "/api/investor/investments", service: "investor", access: INVESTORS, idempotent: true },
  getInvestment: { method: "GET", path: "/api/investor/investments/:id", service: "investor", access: INVESTORS },
  withdrawInvestment: { method: "POST", path: "/api/investor/investments/:id/withdraw", service: "investor", access: INVESTORS },
  getPortfolio: { method: "GET", path: "/api/investor/portfolio", service: "investor", access: INVESTORS },

  getHealth: { method: "GET", path: "/api/health", service: "health", access: "anyone" },
  getLiveness: { method: "GET", path: "/api/health/live", service: "health", access: "anyone" },
  getStatusPage: { method: "GET", path: "/status", service: "health", access: "anyone" },
  getOpenApi: { method: "GET", path: "/api/openapi.json", service: "health", access: "anyone" },
  getDocsPage: { method: "GET", path: "/docs", service: "health", access: "anyone" },
} as const satisfies Record<string, RouteDecl>;

export type OperationId = keyof typeof ROUTES;
export type Routes = typeof ROUTES;
/** The operations one service serves. */
export type OperationIdOf<S extends ServiceName> = { [K in OperationId]: Routes[K]["service"] extends S ? K : never }[OperationId];
/** A declared route with its id. */
export type PublicRoute = RouteDecl & { readonly operationId: OperationId };

/** Every route with its operationId, in declaration order. */
export const PUBLIC_ROUTES: readonly PublicRoute[] = (Object.keys(ROUTES) as OperationId[]).map((operationId) => ({ ...ROUTES[operationId], operationId }));

/** The path parameters of an itty-style path, as a type: "/a/:id/b/:x" → { id: string; x: string }. */
export type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? { [K in Name | keyof PathParams<`/${Rest}`>]: string }
  : P extends `${string}:${infer Name}`
    ? { [K in Name]: string }
    : Record<never, never>;

/** Names of the path parameters, in order. */
export const pathParamNames = (path: string): string[] => [...path.matchAll(/:([a-zA-Z]+)/g)].map((m) => m[1]!);

/** Opaque ids as this API issues them; anything else in an id's place is simply not found. */
export const ID_TEXT = /^[1-9][0-9]{0,17}$/;
