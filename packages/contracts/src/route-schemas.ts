// Which schemas describe which route, for the OpenAPI document. Each service's contract module
// registers its routes here.
import type * as z from "zod";
import { HealthReport, Liveness } from "./health";

export interface RouteSchemas {
  body?: z.ZodType;
  query?: z.ZodType;
  response?: z.ZodType;
  status?: number;
}

export const ROUTE_SCHEMAS: Record<string, RouteSchemas> = {
  "GET /api/health": { response: HealthReport, status: 200 },
  "GET /api/health/live": { response: Liveness, status: 200 },
};
