// The investor service's HTTP app: every route is for investor accounts only.
import { createApp } from "@pitchey/http";
import type { Env } from "./investor.context";
import { watchlistRoutes } from "./watchlist.routes";
import { investmentRoutes } from "./investments.routes";
import { overviewRoutes } from "./overview.routes";

export const app = createApp<Env>("investor");
watchlistRoutes(app);
investmentRoutes(app);
overviewRoutes(app);
