// HTTP routes of the pitch service.
import { createApp } from "@pitchey/http";
import type { Env } from "./pitch.context";

export const app = createApp<Env>("pitch");
