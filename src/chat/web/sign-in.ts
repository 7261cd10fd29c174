/**
 * Signing in on the web with Slack or Microsoft Entra ID (OpenID Connect, authorization code
 * with PKCE, through openid-client). The person is matched by email to an active employee;
 * anyone else is refused. A signed-in browser holds a random token in its session cookie and
 * the database keeps the token's hash with an expiry, so every replica knows the session and
 * signing out ends it everywhere.
 *
 * openid-client 5 rather than 6: version 6 is published only as ES modules, which this
 * CommonJS build on Node 20 and its Jest setup cannot load.
 */
import { createHash, randomBytes } from "node:crypto";
import { generators, Issuer, type BaseClient } from "openid-client";
import type { SignInProvider } from "../../config/env";
import type { PrismaClient } from "../../generated/prisma/client";
import type { Logger } from "../../logger";
import type { TeamsTokenCheck } from "./teams-tab-token";

export const SIGN_IN_PATH = "/app/sign-in";
export const SIGN_OUT_PATH = "/app/sign-out";
export const SESSION_MS = 12 * 60 * 60 * 1000;

/** What the browser keeps between leaving for the provider and coming back. */
export interface PendingSignIn {
  provider: string;
  state: string;
  nonce: string;
  verifier: string;
}

export type SignInOutcome = { kind: "signed-in"; token: string; employeeId: number } | { kind: "not-an-employee" } | { kind: "failed" };

export interface SignIn {
  providers: readonly SignInProvider[];
  /** The provider's address to send the browser to, and what to keep for its return. */
  start(key: string): Promise<{ url: string; pending: PendingSignIn } | undefined>;
  /** Whether the Teams personal tab signs people in with Teams single sign-on. */
  teamsTab: boolean;
  /** Signs in with the token Teams gave the personal tab. */
  finishTeamsTab(token: string): Promise<SignInOutcome>;
  /** The provider sent the browser back to `callbackUrl` (path and query). */
  finish(key: string, callbackUrl: string, pending: PendingSignIn | undefined): Promise<SignInOutcome>;
  /** The employee a session token signs in, while it has not expired and they are active. */
  employeeOf(token: string | undefined): Promise<number | undefined>;
  signOut(token: string | undefined): Promise<void>;
}

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

export function webSignIn(deps: { prisma: PrismaClient; providers: readonly SignInProvider[]; publicUrl: string; logger: Logger; teamsTab?: TeamsTokenCheck }): SignIn {
  const { prisma, providers, logger } = deps;
  /** A session for the active employee with this address; anyone else is not one of them. */
  const sessionFor = async (email: string, provider: string): Promise<SignInOutcome> => {
    const employee = await prisma.employee.findFirst({ where: { email: { equals: email.trim(), mode: "insensitive" }, active: true }, select: { id: true } });
    if (!employee) return { kind: "not-an-employee" };
    const token = randomBytes(32).toString("base64url");
    await prisma.webSession.create({ data: { tokenHash: hashOf(token), employeeId: employee.id, provider, expiresAt: new Date(Date.now() + SESSION_MS) } });
    return { kind: "signed-in", token, employeeId: employee.id };
  };
  const redirectUri = (key: string) => `${deps.publicUrl.replace(/\/$/, "")}${SIGN_IN_PATH}/${key}/callback`;
  const clients = new Map<string, Promise<BaseClient>>();
  const clientFor = (provider: SignInProvider): Promise<BaseClient> => {
    let client = clients.get(provider.key);
    if (!client) {
      client = Issuer.discover(provider.issuer).then(
        (issuer) => new issuer.Client({ client_id: provider.clientId, client_secret: provider.clientSecret, redirect_uris: [redirectUri(provider.key)], response_types: ["code"] }),
      );
      // A provider that was unreachable once is asked again next time.
      client.catch(() => clients.delete(provider.key));
      clients.set(provider.key, client);
    }
    return client;
  };
  const providerOf = (key: string) => providers.find((p) => p.key === key);

  return {
    providers,
    teamsTab: deps.teamsTab !== undefined,
    async finishTeamsTab(token) {
      const checked = deps.teamsTab ? await deps.teamsTab(token) : { refused: "Teams sign-in is not set up" };
      if ("refused" in checked) {
        logger.warn({ provider: "teams", reason: checked.refused }, "Web sign-in failed");
        return { kind: "failed" };
      }
      return sessionFor(checked.email, "teams");
    },
    async start(key) {
      const provider = providerOf(key);
      if (!provider) return undefined;
      const client = await clientFor(provider);
      const pending: PendingSignIn = { provider: key, state: generators.state(), nonce: generators.nonce(), verifier: generators.codeVerifier() };
      const url = client.authorizationUrl({
        scope: "openid email profile",
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: generators.codeChallenge(pending.verifier),
        code_challenge_method: "S256",
      });
      return { url, pending };
    },
    async finish(key, callbackUrl, pending) {
      const provider = providerOf(key);
      if (!provider || !pending || pending.provider !== key) return { kind: "failed" };
      try {
        const client = await clientFor(provider);
        const tokens = await client.callback(redirectUri(key), client.callbackParams(callbackUrl), { state: pending.state, nonce: pending.nonce, code_verifier: pending.verifier });
        const claims = tokens.claims();
        // Entra ID puts the address in preferred_username when the email claim is not released.
        const email = typeof claims.email === "string" ? claims.email : key === "microsoft" && typeof claims.preferred_username === "string" ? claims.preferred_username : undefined;
        if (!email || claims.email_verified === false) return { kind: "not-an-employee" };
        return await sessionFor(email, key);
      } catch (error) {
        // The provider's refusal, a forged or replayed answer, a wrong state: never signed in.
        logger.warn({ provider: key, reason: error instanceof Error ? error.message : String(error) }, "Web sign-in failed");
        return { kind: "failed" };
      }
    },
    async employeeOf(token) {
      if (!token) return undefined;
      const session = await prisma.webSession.findFirst({
        where: { tokenHash: hashOf(token), expiresAt: { gt: new Date() }, employee: { active: true } },
        select: { employeeId: true },
      });
      return session?.employeeId;
    },
    async signOut(token) {
      if (token) await prisma.webSession.deleteMany({ where: { tokenHash: hashOf(token) } });
    },
  };
}
