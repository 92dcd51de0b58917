// The auth service's operations (routes.ts has their method, path and access).
import { AuthResult, LoginBody, Me, RefreshBody, RegisterBody } from "./auth";
import { empty, lazySpecs, one, type Specs } from "./operation";

const WRONG_CREDENTIALS = { codes: ["UNAUTHENTICATED"], description: "The email or password is incorrect (one answer for both)." } as const;
const WRONG_PORTAL = { codes: ["FORBIDDEN"], description: "The account's role is not this portal's; sign in through its own portal." } as const;
const portalLogin = (portal: string) => () =>
  ({
    tag: "auth",
    summary: `Sign in to the ${portal} portal`,
    description: `As \`login\`, and the account's role must be \`${portal}\`.`,
    body: LoginBody,
    responses: { 200: one(AuthResult) },
    errors: { 401: WRONG_CREDENTIALS, 403: WRONG_PORTAL },
    rateLimited: true,
  }) as const;

export const authOperations = lazySpecs({
  register: () => ({
    tag: "auth",
    summary: "Create an account",
    description:
      "Creates a user and signs them in. Limited per client address. With an `Idempotency-Key`, a repeat with the same key, " +
      "email, name, role and company (and the same password) answers 201 again with the same user and a new session: tokens are never stored.",
    body: RegisterBody,
    responses: { 201: one(AuthResult) },
    errors: { 409: { codes: ["CONFLICT"], description: "An account with this email exists." } },
    rateLimited: true,
  }),
  login: () => ({
    tag: "auth",
    summary: "Sign in",
    description:
      "Exchanges an email and password for an access token (15 min) and a refresh token. Failed attempts are limited per account and per client address.",
    body: LoginBody,
    responses: { 200: one(AuthResult) },
    errors: { 401: WRONG_CREDENTIALS },
    rateLimited: true,
  }),
  loginCreator: portalLogin("creator"),
  loginInvestor: portalLogin("investor"),
  loginProduction: portalLogin("production"),
  refreshSession: () => ({
    tag: "auth",
    summary: "Exchange a refresh token for a new pair",
    description:
      "Spends the refresh token and issues a new pair. For 10 s the token just spent answers with the same new pair (a lost response, two tabs); " +
      "any other reuse of a spent token ends the session.",
    body: RefreshBody,
    responses: { 200: one(AuthResult) },
    errors: { 401: { codes: ["UNAUTHENTICATED"], description: "The refresh token is invalid, expired or already used." } },
    rateLimited: true,
  }),
  logout: () => ({
    tag: "auth",
    summary: "End the session",
    description: "The session's access and refresh tokens stop working at once.",
    responses: { 204: empty },
  }),
  getMe: () => ({ tag: "auth", summary: "The signed-in user", responses: { 200: one(Me) } }),
} satisfies Specs<"auth">);
