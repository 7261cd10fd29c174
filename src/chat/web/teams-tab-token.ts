/**
 * The token Teams single sign-on hands the bot's personal tab (microsoftTeams.authentication
 * .getAuthToken): an Entra ID access token whose audience is the app's own resource
 * (api://<host>/<app id>, the manifest's webApplicationInfo). It is verified here with the
 * tenant's published keys before anyone is signed in with it: issuer, audience, expiry and
 * signature, as Microsoft's guidance for tab SSO asks.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import { Issuer } from "openid-client";
import type { TeamsTabSettings } from "../../config/env";

/** The work address a verified token names, or why it proves nothing. */
export type TeamsTokenCheck = (token: string) => Promise<{ email: string } | { refused: string }>;

export function teamsTabToken(settings: TeamsTabSettings): TeamsTokenCheck {
  let keys: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  const keysOf = () => {
    keys ??= Issuer.discover(settings.issuer).then((issuer) => {
      const uri = issuer.metadata.jwks_uri;
      if (!uri) throw new Error(`${settings.issuer} publishes no keys`);
      return createRemoteJWKSet(new URL(uri));
    });
    // An issuer that was unreachable once is asked again next time.
    keys.catch(() => (keys = undefined));
    return keys;
  };
  return async (token) => {
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, await keysOf(), { issuer: settings.issuer, audience: settings.audiences, algorithms: ["RS256"] }));
    } catch (error) {
      return { refused: error instanceof Error ? error.message : String(error) };
    }
    // v2 tokens name the person in preferred_username, v1 tokens in upn.
    const email = [claims.preferred_username, claims.upn, claims.email].find((c): c is string => typeof c === "string" && c.includes("@"));
    return email ? { email } : { refused: "the token names no work address" };
  };
}
