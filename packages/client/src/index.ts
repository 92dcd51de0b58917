// @pitchey/client: the typed SDK of the Pitchey API (README.md shows a complete flow).
export { createClient, type ClientOptions, type PitcheyClient } from "./client";
export { ApiError, isApiError, type OperationError } from "./errors";
export { CLIENT_ID, newClientId } from "./client-id";
export type { Session } from "./session";
export { API_VERSION, OPERATIONS } from "./operations.gen";
export type * from "./types";
export type { components, operations, paths } from "./schema";
