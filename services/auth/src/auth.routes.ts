// Handlers of the auth operations (declared in @pitchey/contracts routes.ts + operations.auth.ts;
// the auth operations, packages/contracts/src/operations.auth.ts): check, call the repo, shape the reply.
import { ACCESS_TOKEN, type AuthResult, type Identity, type LoginBody, type RefreshBody, type RegisterBody, type Role } from "@pitchey/contracts";
import { authOperations } from "@pitchey/contracts/operations/auth";
import { anyCounted, anyExceeded, db, fingerprint, idempotently, rateLimitHeaders, rateLimiter, tooManyRequests, type RateLimitState } from "@pitchey/data";
import { HttpError, createApp, created, forbidden, noContent, ok, unauthenticated, type Handlers, type RequestContext } from "@pitchey/http";
import type { Env } from "./env";
import {
  createUser,
  findCredentials,
  findUser,
  inspectRefreshToken,
  revokeSession,
  rotateRefreshToken,
  startSession,
  toUser,
  type NewSession,
  type UserRow,
} from "./auth.repo";
import { REFRESH_PER_ACCOUNT, REFRESH_PER_CLIENT, loginLimits, registerPerClient } from "./limits";
import { DUMMY_HASH, hashPassword, needsRehash, verifyPassword } from "./password";
import { portalAllows } from "./auth.policy";
import { publishActive, publishRevocation } from "./session-state";
import { hashRefreshToken, newRefreshToken, newSessionId, signAccessToken } from "./tokens";
import { openGrant, sealGrant, type Grant } from "./refresh-grace";
import { AUTH_KEYS } from "./auth.keys";

type Rc = RequestContext<Env>;

const handlers: Handlers<typeof authOperations, Env> = {
  register: ({ body, idempotencyKey }, rc) => register(rc, body, idempotencyKey),
  login: ({ body }, rc) => login(rc, body, null),
  loginCreator: ({ body }, rc) => login(rc, body, "creator"),
  loginInvestor: ({ body }, rc) => login(rc, body, "investor"),
  loginProduction: ({ body }, rc) => login(rc, body, "production"),
  refreshSession: ({ body }, rc) => refresh(rc, body),
  logout: ({ user }, rc) => logout(rc, user),
  getMe: ({ user }, rc) => me(rc, user),
};

export const app = createApp<Env>("auth").operations(authOperations, handlers);

async function newSession(rc: Rc): Promise<NewSession & { refreshToken: string }> {
  const refreshToken = newRefreshToken();
  return {
    id: newSessionId(),
    refreshToken,
    refreshHash: await hashRefreshToken(refreshToken),
    client: rc.clientId,
    userAgent: rc.request.headers.get("user-agent")?.slice(0, 256) ?? null,
  };
}

/** The answer of a register, login or refresh; the session is published active for the gateway. With
 *  `access` (a refresh), the access token is the one those claims make, and expiresIn what it has left. */
async function issued(rc: Rc, row: UserRow, sid: string, refreshToken: string, access?: { iat: number; jti: string }): Promise<AuthResult> {
  const claims = { sub: row.id, role: row.role, sid };
  const flags = row.flags ?? [];
  const sign = access
    ? signAccessToken(claims, rc.env.JWT_PRIVATE_JWK, { now: access.iat * 1000, jti: access.jti, flags })
    : signAccessToken(claims, rc.env.JWT_PRIVATE_JWK, { flags });
  const [accessToken] = await Promise.all([sign, publishActive(rc, sid)]);
  const age = access ? Math.max(0, Math.floor(Date.now() / 1000) - access.iat) : 0;
  return { user: toUser(row), accessToken, refreshToken, expiresIn: Math.max(0, ACCESS_TOKEN.ttlSeconds - age) };
}

async function register(rc: Rc, body: RegisterBody, idempotencyKey: string | null) {
  const email = body.email.toLowerCase();
  const limits = rateLimiter(rc.env, rc.log);
  const perClient = [{ policy: registerPerClient(rc.env), id: rc.clientId }];
  // Count before PBKDF2 (limits.ts): concurrent attempts each take a slot first.
  const counted = await limits.hit(perClient);
  if (anyExceeded(counted)) {
    await limits.undo(perClient);
    throw tooManyRequests(counted, "Too many registrations from this address.");
  }
  const headers = rateLimitHeaders(counted);
  /** The account this key created, signed in again: only with its password (tokens are never stored). */
  const signInAgain = async (userId: string, replayed: boolean) => {
    const d = db(rc);
    const row = await findCredentials(d, email);
    if (!row || row.id !== userId) throw new HttpError(409, "CONFLICT", "The account this Idempotency-Key created no longer exists.", { headers });
    if (!(await rc.timing.time("pbkdf2", () => verifyPassword(body.password, row.password_hash)))) {
      throw new HttpError(422, "IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was already used with a different request.", { headers });
    }
    const session = await newSession(rc);
    await startSession(d, row.id, session);
    return created(await issued(rc, row, session.id, session.refreshToken), {
      headers: { ...headers, ...(replayed ? { "idempotent-replayed": "true" } : {}) },
    });
  };
  try {
    // The password stays out of the fingerprint (a fast hash of it would be stored): a repeat proves it against the account.
    const { password: _password, ...request } = { ...body, email };
    return await idempotently(
      rc,
      AUTH_KEYS,
      { scope: email, key: idempotencyKey, fingerprint: await fingerprint("POST", "/api/auth/register", request) },
      {
        run: async (claim) => {
          const remember = (userId: string) => ({ status: 201, headers: {}, dataJson: JSON.stringify({ userId }), requestId: rc.requestId });
          // A holder that died after creating the account left its id: sign in to that account.
          if (claim?.resourceId) return { reply: await signInAgain(claim.resourceId, false), remember: remember(claim.resourceId) };
          const passwordHash = await rc.timing.time("pbkdf2", () => hashPassword(body.password));
          const session = await newSession(rc);
          const row = await createUser(
            db(rc),
            { email, name: body.name, role: body.role, companyName: body.companyName || null, passwordHash },
            session,
            claim ? { table: AUTH_KEYS, claim } : undefined,
          );
          if (!row) {
            throw new HttpError(409, "CONFLICT", "An account with this email already exists.", {
              errors: [{ path: "email", message: "is already registered" }],
              headers,
            });
          }
          return { reply: created(await issued(rc, row, session.id, session.refreshToken), { headers }), remember: remember(row.id) };
        },
        replay: async (r) => signInAgain((JSON.parse(r.dataJson) as { userId: string }).userId, true),
      },
    );
  } catch (err) {
    // A 409 keeps its slot (it answered); an outage before the answer gives it back.
    if (!(err instanceof HttpError) && anyCounted(counted)) await limits.undo(perClient);
    throw err;
  }
}

/** One status and one body for "no such email" and "wrong password". */
const invalidCredentials = (states: RateLimitState[]) =>
  new HttpError(401, "UNAUTHENTICATED", "The email or password is incorrect.", { headers: rateLimitHeaders(states) });

async function login(rc: Rc, body: LoginBody, portal: Role | null) {
  const email = body.email.toLowerCase();
  const limits = rateLimiter(rc.env, rc.log);
  const entries = await loginLimits(email, rc.clientId);
  // Count before the password check (limits.ts): concurrent guesses each take a slot first.
  const counted = await limits.hit(entries);
  if (anyExceeded(counted)) {
    await limits.undo(entries);
    throw tooManyRequests(counted, "Too many failed sign-in attempts.");
  }
  let failed = false;
  try {
    const d = db(rc);
    const row = await findCredentials(d, email);
    // An unknown email is checked against a dummy hash, so it costs what a wrong password costs.
    const valid = await rc.timing.time("pbkdf2", () => verifyPassword(body.password, row?.password_hash ?? DUMMY_HASH));
    if (!row || !valid) {
      failed = true;
      throw invalidCredentials(counted);
    }
    // Only after the password is proven: a wrong portal must not reveal an account's role to a guesser.
    if (!portalAllows(portal, row.role)) throw forbidden(`This is not a ${portal} account; sign in through the ${row.role} portal.`);

    const session = await newSession(rc);
    const rehash = needsRehash(row.password_hash) ? { from: row.password_hash, to: await hashPassword(body.password) } : undefined;
    await startSession(d, row.id, session, rehash);
    return ok(await issued(rc, row, session.id, session.refreshToken));
  } finally {
    // Only a wrong password keeps its slot; a correct one (or an outage before the verdict) gives it back.
    if (!failed && anyCounted(counted)) await limits.undo(entries);
  }
}

async function refresh(rc: Rc, body: RefreshBody) {
  const limits = rateLimiter(rc.env, rc.log);
  const perClient = [{ policy: REFRESH_PER_CLIENT, id: rc.clientId }];
  const counted = await limits.hit(perClient);
  if (anyExceeded(counted)) {
    await limits.undo(perClient);
    throw tooManyRequests(counted, "Too many failed refresh attempts.");
  }
  let failed = false;
  try {
    const d = db(rc);
    const presented = await hashRefreshToken(body.refreshToken);
    const grant: Grant = { token: newRefreshToken(), iat: Math.floor(Date.now() / 1000), jti: crypto.randomUUID() };
    const row = await rotateRefreshToken(d, presented, await hashRefreshToken(grant.token), await sealGrant(body.refreshToken, grant));
    if (row) return ok(await issued(rc, row, row.session_id, grant.token, grant));

    const known = await inspectRefreshToken(d, presented);
    // The immediately previous token, within the grace (refresh-grace.ts): the first answer's pair again.
    const again = known?.in_grace && known.successor_sealed ? await openGrant(body.refreshToken, known.successor_sealed) : null;
    if (known && again && (await hashRefreshToken(again.token)) === known.successor_hash) {
      return ok(await issued(rc, known, known.session_id, again.token, again));
    }
    failed = true;
    if (known?.used && !known.revoked) {
      // A spent token came back outside the grace, or an older one: someone holds a copy. End the
      // session for the thief and the owner alike.
      await revokeSession(d, known.session_id, "refresh_reuse");
      rc.log.warn("refresh token reused; session revoked", { sid: known.session_id, userId: known.user_id });
      await publishRevocation(rc, known.session_id, "refresh_reuse");
    }
    // The account is known only now; a refresh token is not guessable, so counting it after the lookup is enough.
    const perAccount = known ? await limits.hit([{ policy: REFRESH_PER_ACCOUNT, id: known.user_id }]) : [];
    const after = [...counted, ...perAccount];
    // Past an account's 10 failures, further failures for it are answered as rate limited.
    if (anyExceeded(perAccount)) throw tooManyRequests(after, "Too many failed refresh attempts.");
    throw new HttpError(401, "UNAUTHENTICATED", "The refresh token is invalid, expired or already used.", { headers: rateLimitHeaders(after) });
  } finally {
    if (!failed && anyCounted(counted)) await limits.undo(perClient);
  }
}

async function logout(rc: Rc, who: Identity) {
  await revokeSession(db(rc), who.sid, "logout");
  // Also when the row was already revoked: a retried logout re-publishes a lost Redis write.
  await publishRevocation(rc, who.sid, "logout");
  return noContent();
}

async function me(rc: Rc, who: Identity) {
  const row = await findUser(db(rc), who.sub);
  if (!row) throw unauthenticated("The account no longer exists.");
  return ok({ user: toUser(row) });
}
