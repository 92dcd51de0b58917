// HTTP routes of the auth service.
import { createApp } from "@pitchey/http";
import type { Env } from "./auth.context";

export const app = createApp<Env>("auth");
