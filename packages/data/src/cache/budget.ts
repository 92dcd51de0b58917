// Budgets of key families in the shared layers (`ReadOptions.shared`): what every list shares.
import { DEFAULT_LIMIT } from "@pitchey/contracts/constants";

/**
 * A paginated list's budget: its first page at the default page size is worth sharing across isolates
 * (most reads are that one); another page size or a later page — whose cursor is any position a client
 * writes — is a key the client chooses freely, kept in isolate memory.
 *
 * @example
 *   cache(rc).read(key, load, { policy, tags, user, shared: firstPageShared(q.limit, q.cursor) })
 */
export const firstPageShared = (limit: number, cursor: unknown): boolean => cursor === undefined && limit === DEFAULT_LIMIT;
