/**
 * The frame of every web page: the language and direction of the person reading, a skip
 * link, the navigation, the demo's banner, and the content. Styles and the one script
 * (htmx, for the live channel view) are served from this server, as the security headers
 * require.
 */
import { textDirection, translator, type Locale } from "../../i18n";
import type { ConsolePage } from "./console/console-nav";
import { html, type Html } from "./html";

export const ASSETS = "/app/assets";

/** The pages of the navigation, in order: each is a path under /app and a label key. */
export const NAV_PAGES = ["home", "ideas", "idea", "stories", "story", "rotation", "now", "swap", "fairness", "complaint", "queue", "digest", "channels", "console"] as const;
export type NavPage = (typeof NAV_PAGES)[number];

export const pagePath = (page: NavPage) => (page === "home" ? "/app" : `/app/${page}`);

export interface PageFrame {
  locale: Locale;
  title: string;
  current?: NavPage | ConsolePage;
  /** The person the demo visitor is, shown with a way to switch. */
  demoAs?: string;
  /** Shown only to someone the server knows. */
  navigation: boolean;
  /** Extra elements for `<head>`, such as the live view's script. */
  head?: Html;
  /** The CSRF token of the sign-out button, shown to someone signed in. */
  signOut?: string;
}

export function page(frame: PageFrame, content: Html): string {
  const tr = translator(frame.locale);
  const dir = textDirection(frame.locale);
  // Every view of the console is under its one entry.
  const current = frame.current?.startsWith("console") ? "console" : frame.current;
  const nav = frame.navigation
    ? html`<nav aria-label="${tr("web.nav.label")}"><ul>${NAV_PAGES.map(
        (p) => html`<li><a href="${pagePath(p)}"${p === current ? html` aria-current="page"` : ""}>${tr(`web.nav.${p}`)}</a></li>`,
      )}</ul></nav>`
    : "";
  const banner = frame.demoAs
    ? html`<p class="demo-banner" role="status">${tr("web.who.banner", { name: frame.demoAs })} <a href="/app/who">${tr("web.who.switch")}</a></p>`
    : "";
  const signOut = frame.signOut
    ? html`<form method="post" action="/app/sign-out" class="sign-out"><input type="hidden" name="_csrf" value="${frame.signOut}"><button type="submit" class="button">${tr("web.signIn.out")}</button></form>`
    : "";
  return `<!doctype html>${html`<html lang="${frame.locale}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${tr("web.title", { page: frame.title })}</title><link rel="stylesheet" href="${ASSETS}/app.css">${frame.head ?? ""}</head><body><a class="skip" href="#content">${tr("web.skip")}</a><header><p class="brand"><a href="/app">${tr("app.name")}</a></p>${banner}${signOut}${nav}</header><main id="content" tabindex="-1">${content}</main></body></html>`}`;
}
