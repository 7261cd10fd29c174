/** The console's rotation view (to be written). */
import type { Router } from "express";
import type { WebPages } from "../web-pages";
import { consolePath } from "./console-nav";
import { html } from "../html";
import { consoleHandler } from "./console-handler";

export function rotationConsoleRoutes(router: Router, pages: WebPages): void {
  router.get(
    consolePath("rotation"),
    consoleHandler(pages, "rotation", async ({ tr, show }) => show(tr("console.nav.rotation"), html`<h1>${tr("console.nav.rotation")}</h1>`)),
  );
}
