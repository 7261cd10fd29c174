/** The console's quarterly view (to be written). */
import type { Router } from "express";
import type { WebPages } from "../web-pages";
import { consolePath } from "./console-nav";
import { html } from "../html";
import { consoleHandler } from "./console-handler";

export function quarterlyConsoleRoutes(router: Router, pages: WebPages): void {
  router.get(
    consolePath("quarterly"),
    consoleHandler(pages, "quarterly", async ({ tr, show }) => show(tr("console.nav.quarterly"), html`<h1>${tr("console.nav.quarterly")}</h1>`)),
  );
}
