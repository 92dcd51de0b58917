// The named schemas of the OpenAPI document (components.schemas): every resource, request body, enum
// and piece of page metadata, with what a reader needs to know about its fields. Built only when the
// document is (the health service), never at a Worker's start-up.
import type * as z from "zod";
import { AuthResult, LoginBody, Me, RefreshBody, RegisterBody, User } from "./auth";
import { ErrorCode, FieldError, Meta, PageMeta, Problem, Role } from "./common";
import { Dependency, Liveness, ServiceHealth } from "./health";
import {
  ArmFigures,
  CacheFigures,
  CacheLayerFigures,
  CanaryReport,
  CanaryRules,
  CanaryServiceState,
  HealthReport,
  RollbackEvent,
  ServiceTraffic,
  TrafficFigures,
  TrafficReport,
} from "./health-report";
import {
  AddToWatchlist,
  CreateInvestment,
  CurrencyAmount,
  Dashboard,
  Investment,
  InvestmentStatus,
  Portfolio,
  SumCents,
  WatchedPitch,
  WatchlistItem,
} from "./investor";
import { CreatePitch, Format, Genre, Nda, NdaStatus, Pitch, PitchStatus, ProtectedMaterial, RequestNda, UpdatePitch, Visibility } from "./pitch";
import { ViewAccepted } from "./operations.pitch";
import { OpenApiDocument } from "./operations.health";

export interface ComponentMeta {
  id: string;
  description?: string;
  /** Field → what it means (added to the field's schema). */
  fields?: Record<string, string>;
}

/** [schema, name and notes], in the order the reference lists them. */
export function componentList(): [z.ZodType, ComponentMeta][] {
  return [
    [
      Problem,
      {
        id: "Problem",
        description: "RFC 9457 problem details: every error of this API (`application/problem+json`).",
        fields: {
          type: "A URL naming the kind of problem (one per `code`).",
          status: "The HTTP status, repeated.",
          detail: "What went wrong, for people.",
          instance: "The path of the request.",
          code: "Stable machine-readable code: branch on this.",
          requestId: "The request's id (also in `X-Request-Id`): quote it when reporting a problem.",
          errors: "For validation failures: each field and what is wrong with it.",
        },
      },
    ],
    [FieldError, { id: "FieldError", description: "One invalid field: its path (`title`, `protected.contactEmail`, `cursor`) and why." }],
    [ErrorCode, { id: "ErrorCode", description: "Stable error codes. New codes may be added; treat an unknown one by its HTTP status." }],
    [Meta, { id: "Meta", description: "Metadata of a single-resource answer." }],
    [
      PageMeta,
      {
        id: "PageMeta",
        description: "Metadata of a list page. Pass `nextCursor` as `cursor` to get the next page; it is null (and `hasMore` false) on the last one.",
      },
    ],
    [Role, { id: "Role", description: "An account's one role, chosen at registration." }],
    [User, { id: "User", description: "A user as the API shows it (never a password hash)." }],
    [
      AuthResult,
      {
        id: "AuthResult",
        description: "A new session: the user, a 15-minute access token (send as `Authorization: Bearer …`) and a refresh token (rotated on every use).",
        fields: { expiresIn: "Seconds until the access token expires." },
      },
    ],
    [Me, { id: "Me" }],
    [RegisterBody, { id: "RegisterRequest", fields: { password: "At least 10 characters, taken exactly as typed." } }],
    [LoginBody, { id: "LoginRequest" }],
    [RefreshBody, { id: "RefreshRequest" }],
    [Genre, { id: "Genre" }],
    [Format, { id: "Format" }],
    [PitchStatus, { id: "PitchStatus", description: "`draft` (only the owner sees it) → `published` ⇄ `archived`." }],
    [Visibility, { id: "Visibility", description: "Who may see a published pitch: anyone, investor and production accounts, or only its owner." }],
    [ProtectedMaterial, { id: "ProtectedMaterial", description: "NDA-only material: shown to the owner and to users whose NDA on the pitch is approved." }],
    [
      Pitch,
      {
        id: "Pitch",
        description: "A film or TV pitch.",
        fields: {
          budgetCents: "Total budget in cents of `currency`.",
          seekingCents: "What the creator seeks from investors, in cents of `currency`.",
          requireNda: "Whether `protected` needs an approved NDA (else only the owner sees it).",
          viewCount: "Views counted once per user, or once per anonymous client per 24 h.",
          publishedAt: "First publication; kept when archived.",
          protected: "Present only for the owner and for users with an approved NDA.",
        },
      },
    ],
    [CreatePitch, { id: "CreatePitchRequest", description: "A new pitch: every editable field; defaults as shown." }],
    [UpdatePitch, { id: "UpdatePitchRequest", description: "A partial update: at least one field of `CreatePitchRequest`." }],
    [ViewAccepted, { id: "ViewAccepted" }],
    [NdaStatus, { id: "NdaStatus", description: "`pending` → `approved` | `rejected`; `approved` → `revoked`." }],
    [
      Nda,
      {
        id: "Nda",
        description: "An NDA request on a pitch.",
        fields: { ownerId: "The pitch's owner, who decides.", decidedAt: "When approved, rejected or revoked." },
      },
    ],
    [RequestNda, { id: "NdaRequestBody" }],
    [WatchedPitch, { id: "WatchedPitch" }],
    [WatchlistItem, { id: "WatchlistItem", fields: { pitch: "Null once the pitch is gone or hidden from the investor." } }],
    [AddToWatchlist, { id: "AddToWatchlistRequest" }],
    [InvestmentStatus, { id: "InvestmentStatus", description: "`pending` or `committed` → `withdrawn`." }],
    [
      Investment,
      {
        id: "Investment",
        fields: { pitch: "The pitch's title when the investment was made (a snapshot).", amountCents: "In cents of `currency`." },
      },
    ],
    [CreateInvestment, { id: "CreateInvestmentRequest" }],
    [SumCents, { id: "SumCents", description: "An exact sum of cents: a number while it is a safe integer (|n| ≤ 2^53 − 1), else its decimal string." }],
    [CurrencyAmount, { id: "CurrencyAmount" }],
    [Portfolio, { id: "Portfolio", description: "Sums are per currency: money in different currencies is never added." }],
    [Dashboard, { id: "Dashboard" }],
    [Dependency, { id: "Dependency" }],
    [ServiceHealth, { id: "ServiceHealth" }],
    [CacheLayerFigures, { id: "CacheLayerFigures" }],
    [CacheFigures, { id: "CacheFigures", description: "The multi-layer cache over the report's window: hit ratio per layer, database queries per request." }],
    [TrafficFigures, { id: "TrafficFigures" }],
    [ServiceTraffic, { id: "ServiceTraffic" }],
    [TrafficReport, { id: "TrafficReport", description: "Requests per service as the gateway counted them, with 5xx rate and latency percentiles." }],
    [ArmFigures, { id: "ArmFigures" }],
    [CanaryRules, { id: "CanaryRules" }],
    [CanaryServiceState, { id: "CanaryServiceState" }],
    [RollbackEvent, { id: "RollbackEvent" }],
    [CanaryReport, { id: "CanaryReport", description: "Canary arms: weight and step per service, rollback rules, latest rollbacks." }],
    [HealthReport, { id: "HealthReport" }],
    [Liveness, { id: "Liveness" }],
    [OpenApiDocument, { id: "OpenApiDocument" }],
  ];
}
