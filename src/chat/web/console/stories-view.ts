/** The console's stories view (to be written). */
import type { Router } from "express";
import type { WebPages } from "../web-pages";
import { consolePath } from "./console-nav";
import { html } from "../html";
import { consoleHandler } from "./console-handler";

export function storiesConsoleRoutes(router: Router, pages: WebPages): void {
  router.get(
    consolePath("stories"),
    consoleHandler(pages, "stories", async ({ tr, show }) => show(tr("console.nav.stories"), html`<h1>${tr("console.nav.stories")}</h1>`)),
  );
}
