/**
 * Who is at the browser, and proof that a form came from our own page. The session is a
 * signed cookie (cookie-session) holding a random session id and, once chosen, the employee
 * number; the CSRF token (csrf-csrf, double submit) is bound to that session id, so a form
 * copied from someone else's page is refused.
 */
import { randomBytes } from "node:crypto";
import cookieParser from "cookie-parser";
import cookieSession from "cookie-session";
import { doubleCsrf } from "csrf-csrf";
import type { Request, RequestHandler, Response } from "express";
import type { PendingSignIn } from "./sign-in";

export interface WebSession {
  sid?: string;
  /** The demo's choice of who to be. */
  employeeId?: number;
  /** A signed-in person's session token (its hash is in web_sessions). */
  token?: string;
  /** A sign-in under way: the browser is at the provider. */
  pending?: PendingSignIn;
}

/** A new session id: after signing in or out, so a token taken from before proves nothing. */
export function renewSessionId(req: Request): void {
  sessionOf(req).sid = randomBytes(16).toString("base64url");
}

/** The request's session; cookie-session gives every request one. */
export function sessionOf(req: Request): WebSession {
  return (req.session ?? {}) as WebSession;
}

export interface SessionSettings {
  /** Signs the session cookie and keys the CSRF tokens. */
  secret: string;
  /** Cookies only over HTTPS: set when the server's public address is https. */
  secure: boolean;
  /**
   * Pages shown inside another site's frame (the Teams personal tab): the cookies must then
   * travel in that frame (SameSite=None, which needs Secure), partitioned by the top site.
   */
  embedded?: boolean;
}

const TWELVE_HOURS = 12 * 60 * 60 * 1000;

export function webSession(settings: SessionSettings) {
  const embedded = settings.embedded === true && settings.secure;
  const session = cookieSession({ name: "sc.session", keys: [settings.secret], httpOnly: true, sameSite: embedded ? "none" : "lax", secure: settings.secure, partitioned: embedded, maxAge: TWELVE_HOURS });
  // The bot speaks HTTP behind the TLS proxy that an https PUBLIC_URL names: the browser's
  // connection is HTTPS, so its cookies may be Secure, which the cookie library would refuse.
  const behindTls: RequestHandler = (req, _res, next) => {
    if (settings.secure) Object.defineProperty(req, "protocol", { value: "https" });
    next();
  };
  const withId: RequestHandler = (req, _res, next) => {
    if (!sessionOf(req).sid) renewSessionId(req);
    next();
  };
  const csrf = doubleCsrf({
    getSecret: () => settings.secret,
    getSessionIdentifier: (req) => sessionOf(req).sid ?? "",
    cookieName: settings.secure ? "__Host-sc.csrf" : "sc.csrf",
    cookieOptions: { sameSite: embedded ? "none" : "strict", secure: settings.secure, httpOnly: true, path: "/", ...(embedded ? { partitioned: true } : {}) },
    getCsrfTokenFromRequest: (req) => (req.body as { _csrf?: unknown } | undefined)?._csrf as string | undefined,
  });
  return {
    /** Session, session id and cookie parsing, before the body parser and the CSRF check. */
    middleware: [behindTls, session, withId, cookieParser()] as RequestHandler[],
    protect: csrf.doubleCsrfProtection,
    isCsrfError: (error: unknown) => error === csrf.invalidCsrfTokenError,
    /** The page's token: one per response, since each new one replaces the cookie the others were checked against. */
    token: (req: Request, res: Response): string => {
      const locals = res.locals as { csrfToken?: string };
      locals.csrfToken ??= csrf.generateCsrfToken(req, res);
      return locals.csrfToken;
    },
  };
}
