// Who may sign in where: the portal logins admit only their own role; the plain login admits any.
import type { Role } from "@pitchey/contracts";

export function portalAllows(portal: Role | null, role: Role): boolean {
  return portal === null || portal === role;
}
