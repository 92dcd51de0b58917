// The verified caller, as the gateway forwards it to services (signed; see @pitchey/http identity).
import * as z from "zod";
import { Role } from "./common";

export const Identity = z.object({
  sub: z.string(),
  role: Role,
  sid: z.string(),
});
export type Identity = z.infer<typeof Identity>;

/** Who is asking, for policy decisions: a signed-in identity or an anonymous client. */
export type Viewer = { kind: "user"; id: string; role: Role } | { kind: "anonymous"; clientId: string };
