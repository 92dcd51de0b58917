// HTTP routes of the investor service.
import { createApp } from "@pitchey/http";
import type { Env } from "./investor.context";

export const app = createApp<Env>("investor");
