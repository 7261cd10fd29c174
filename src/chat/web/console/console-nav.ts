/**
 * The console's views and the bar that links them. Each view says whether it is for
 * managers (and admins) only; the bar shows a person only the views they may open.
 */
import { translator, type Locale } from "../../../i18n";
import { html, type Html } from "../html";
import type { ConsoleScope } from "./console-scope";
import { managesAnything } from "./console-scope";

export const CONSOLE_VIEWS = {
  rotation: { managersOnly: false },
  ideas: { managersOnly: false },
  stories: { managersOnly: false },
  complaints: { managersOnly: true },
  quarterly: { managersOnly: true },
} as const;
export type ConsoleView = keyof typeof CONSOLE_VIEWS;
export type ConsolePage = "console" | `console/${ConsoleView}`;

export const consolePath = (view?: ConsoleView) => (view ? `/app/console/${view}` : "/app/console");

export function mayOpen(scope: ConsoleScope, view: ConsoleView): boolean {
  return !CONSOLE_VIEWS[view].managersOnly || managesAnything(scope);
}

export function openViews(scope: ConsoleScope): ConsoleView[] {
  return (Object.keys(CONSOLE_VIEWS) as ConsoleView[]).filter((v) => mayOpen(scope, v));
}

/** The bar above every console view. */
export function consoleNav(scope: ConsoleScope, locale: Locale, current?: ConsoleView): Html {
  const tr = translator(locale);
  return html`<nav class="console-nav" aria-label="${tr("console.nav.label")}"><ul>${openViews(scope).map(
    (v) => html`<li><a href="${consolePath(v)}"${v === current ? html` aria-current="page"` : ""}>${tr(`console.nav.${v}`)}</a></li>`,
  )}</ul></nav>`;
}
