// `Pitchey-Client`: an opaque id of this client installation (8–64 of [A-Za-z0-9_-]), sent on every
// call; it keeps an anonymous caller in one canary cohort. Persist it (README) to keep it across runs.
export const CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/;

export function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `pc_${btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "")}`;
}
