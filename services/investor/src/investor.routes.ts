// The investor service's HTTP app: every declared investor operation, for investor accounts only.
import { investorOperations } from "@pitchey/contracts/operations/investor";
import { createApp } from "@pitchey/http";
import type { Env } from "./env";
import { watchlistHandlers } from "./watchlist.routes";
import { investmentHandlers } from "./investments.routes";
import { overviewHandlers } from "./overview.routes";

export const app = createApp<Env>("investor").operations(investorOperations, { ...watchlistHandlers, ...investmentHandlers, ...overviewHandlers });
