// Schemas and types for every HTTP body and RPC method, and the route table. The per-service
// operation specs and the OpenAPI builder have entries of their own (package.json "exports"), so a
// Worker loads only what it serves; "@pitchey/contracts/routes" is the zod-free route table.
export * from "./constants";
export * from "./common";
export * from "./call";
export type * from "./sentry";
export * from "./health";
export type { HealthReport } from "./health-report";
export * from "./identity";
export * from "./routes";
export * from "./route-match";
export * from "./versions";
export * from "./operation";
export * from "./auth";
export * from "./pitch";
export * from "./investor";
