/**
 * The managers' console under /app/console: each view reads who is at the browser and what
 * they may see (console-scope.ts), refuses what they may not with 403, and is written in
 * its own module; this file only puts them on the router.
 */
import type { Router } from "express";
import { html } from "../html";
import type { WebPages } from "../web-pages";
import { complaintsConsoleRoutes } from "./complaints-view";
import { consoleHandler } from "./console-handler";
import { consolePath, openViews } from "./console-nav";
import { ideasConsoleRoutes } from "./ideas-view";
import { quarterlyConsoleRoutes } from "./quarterly-view";
import { rotationConsoleRoutes } from "./rotation-view";
import { storiesConsoleRoutes } from "./stories-view";

export function consoleRoutes(router: Router, pages: WebPages): void {
  router.get(
    consolePath(),
    consoleHandler(pages, undefined, async ({ scope, tr, show }) => {
      const views = openViews(scope).map((v) => html`<li><a href="${consolePath(v)}">${tr(`console.nav.${v}`)}</a> <span class="context">${tr(`console.overview.${v}`)}</span></li>`);
      show(tr("console.overview.title"), html`<h1>${tr("console.overview.title")}</h1><ul class="console-views">${views}</ul>`);
    }),
  );
  rotationConsoleRoutes(router, pages);
  ideasConsoleRoutes(router, pages);
  storiesConsoleRoutes(router, pages);
  complaintsConsoleRoutes(router, pages);
  quarterlyConsoleRoutes(router, pages);
}
