/**
 * A local OpenID Connect provider standing in for Slack's or Microsoft's sign-in: discovery,
 * keys, an authorization endpoint that signs in whoever the test chose (as if they had typed
 * their password), and a token endpoint that checks the client's secret, the code and its
 * PKCE verifier, and answers a real RS256-signed ID token. `forgeNext` signs the next token
 * with a key the provider never published, as an attacker's would be.
 */
import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import express from "express";
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from "jose";

export interface SignInAccount {
  email: string;
  name?: string;
  emailVerified?: boolean;
}

interface IssuedCode {
  account: SignInAccount;
  nonce?: string;
  challenge?: string;
  redirectUri: string;
}

export const CLIENT = { id: "service-culture-test", secret: "stand-in-client-secret" };

export async function startOidcProvider() {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const stranger = await generateKeyPair("RS256");
  const kid = "stand-in-key";
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  const codes = new Map<string, IssuedCode>();
  const state = { account: undefined as SignInAccount | undefined, forgeNext: false, tokenRequests: 0 };

  const app = express();
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  app.get("/.well-known/openid-configuration", (_req, res) => {
    res.json({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ["code"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      token_endpoint_auth_methods_supported: ["client_secret_basic"],
      code_challenge_methods_supported: ["S256"],
      scopes_supported: ["openid", "email", "profile"],
    });
  });
  app.get("/jwks", (_req, res) => res.json({ keys: [jwk] }));

  app.get("/authorize", (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    if (q.client_id !== CLIENT.id || !q.redirect_uri || q.response_type !== "code") return res.status(400).send("bad authorization request");
    if (!state.account) return res.status(403).send("nobody is signing in");
    const code = randomBytes(16).toString("hex");
    codes.set(code, { account: state.account, nonce: q.nonce, challenge: q.code_challenge, redirectUri: q.redirect_uri });
    const back = new URL(q.redirect_uri);
    back.searchParams.set("code", code);
    if (q.state) back.searchParams.set("state", q.state);
    return res.redirect(302, back.toString());
  });

  app.post("/token", express.urlencoded({ extended: false }), async (req, res) => {
    state.tokenRequests++;
    const basic = Buffer.from((req.headers.authorization ?? "").replace(/^Basic /, ""), "base64").toString();
    const [id, secret] = basic.split(":").map(decodeURIComponent);
    if (id !== CLIENT.id || secret !== CLIENT.secret) return res.status(401).json({ error: "invalid_client" });
    const body = req.body as Record<string, string | undefined>;
    const issued = body.code ? codes.get(body.code) : undefined;
    if (body.code) codes.delete(body.code); // a code works once
    const verified = issued?.challenge && body.code_verifier && createHash("sha256").update(body.code_verifier).digest("base64url") === issued.challenge;
    if (!issued || !verified || body.redirect_uri !== issued.redirectUri) return res.status(400).json({ error: "invalid_grant" });
    const key: KeyLike = state.forgeNext ? stranger.privateKey : privateKey;
    state.forgeNext = false;
    const idToken = await new SignJWT({ email: issued.account.email, email_verified: issued.account.emailVerified ?? true, name: issued.account.name, nonce: issued.nonce })
      .setProtectedHeader({ alg: "RS256", kid })
      .setIssuer(issuer)
      .setAudience(CLIENT.id)
      .setSubject(`user-${issued.account.email}`)
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(key);
    return res.json({ access_token: randomBytes(16).toString("hex"), token_type: "Bearer", expires_in: 300, id_token: idToken });
  });

  return {
    issuer,
    /** Who the next visit to the authorization endpoint signs in. */
    signInAs(account: SignInAccount | undefined) {
      state.account = account;
    },
    /**
     * The access token Entra ID gives a Teams tab through single sign-on (getAuthToken): for
     * `audience`, naming the person in preferred_username; signed with an unpublished key when forged.
     */
    teamsToken(options: { email: string; audience: string; forged?: boolean; expired?: boolean }) {
      return new SignJWT({ preferred_username: options.email, scp: "access_as_user", ver: "2.0", tid: "stand-in-tenant" })
        .setProtectedHeader({ alg: "RS256", kid })
        .setIssuer(issuer)
        .setAudience(options.audience)
        .setSubject(`user-${options.email}`)
        .setIssuedAt()
        .setExpirationTime(options.expired ? Math.floor(Date.now() / 1000) - 600 : "1h")
        .sign(options.forged ? stranger.privateKey : privateKey);
    },
    forgeNext() {
      state.forgeNext = true;
    },
    get tokenRequests() {
      return state.tokenRequests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
