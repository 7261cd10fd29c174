/** The console's ideas view (to be written). */
import type { Router } from "express";
import type { WebPages } from "../web-pages";
import { consolePath } from "./console-nav";
import { html } from "../html";
import { consoleHandler } from "./console-handler";

export function ideasConsoleRoutes(router: Router, pages: WebPages): void {
  router.get(
    consolePath("ideas"),
    consoleHandler(pages, "ideas", async ({ tr, show }) => show(tr("console.nav.ideas"), html`<h1>${tr("console.nav.ideas")}</h1>`)),
  );
}
