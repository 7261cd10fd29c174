/** The console's complaints view (to be written). */
import type { Router } from "express";
import type { WebPages } from "../web-pages";
import { consolePath } from "./console-nav";
import { html } from "../html";
import { consoleHandler } from "./console-handler";

export function complaintsConsoleRoutes(router: Router, pages: WebPages): void {
  router.get(
    consolePath("complaints"),
    consoleHandler(pages, "complaints", async ({ tr, show }) => show(tr("console.nav.complaints"), html`<h1>${tr("console.nav.complaints")}</h1>`)),
  );
}
