/**
 * A console view's request handling: who is at the browser, what they may see, and the
 * refusal of a view they may not open.
 */
import type { Request, Response } from "express";
import type { Employee } from "../../../generated/prisma/client";
import { translator, type Translate } from "../../../i18n";
import { html, type Html } from "../html";
import type { Viewer, WebPages } from "../web-pages";
import { consoleNav, mayOpen, type ConsoleView } from "./console-nav";
import { consoleScope, type ConsoleScope } from "./console-scope";

/** One console request: the person, what they may see, and the page toolkit. */
export interface ConsoleRequest {
  req: Request;
  res: Response;
  pages: WebPages;
  viewer: Viewer & { employee: Employee };
  scope: ConsoleScope;
  tr: Translate;
  /** Sends a view's content under the console's bar, titled, in the surface's frame. */
  show(title: string, content: Html, head?: Html): void;
}

/**
 * A console route's handler: strangers go to sign in, people who may not open the view get
 * 403 (the services check every action again), everyone else gets the view.
 */
export function consoleHandler(pages: WebPages, view: ConsoleView | undefined, handle: (request: ConsoleRequest) => Promise<unknown>) {
  return async (req: Request, res: Response) => {
    const viewer = await pages.viewerOf(req);
    if (!pages.known(viewer)) return pages.stranger(res, viewer);
    const scope = await consoleScope(pages.services.prisma, viewer.employee.id);
    if (view && !mayOpen(scope, view)) return pages.forbidden(res, viewer);
    const tr = translator(viewer.locale);
    const show = (title: string, content: Html, head?: Html) =>
      pages.send(res, viewer, title, html`${consoleNav(scope, viewer.locale, view)}${content}`, view ? `console/${view}` : "console", head);
    return handle({ req, res, pages, viewer, scope, tr, show });
  };
}
