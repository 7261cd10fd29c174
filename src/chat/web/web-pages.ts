/**
 * What a page handler needs from the web surface (made in router.ts): who is at the
 * browser, and how to answer them in their language, with the surface's frame.
 */
import type { Request, Response } from "express";
import type { Employee } from "../../generated/prisma/client";
import type { Locale } from "../../i18n";
import type { ServiceDeps } from "../../services/deps";
import type { ConversationRequest } from "../conversation/request";
import type { ConsolePage } from "./console/console-nav";
import type { Html } from "./html";
import type { RenderContext } from "./message-html";
import type { NavPage } from "./page";

export interface Viewer {
  employee: Employee | null;
  locale: Locale;
}

/** What a page handler needs from the surface: who is at the browser, and how to answer them. */
export interface WebPages {
  services: ServiceDeps;
  viewerOf(req: Request): Promise<Viewer>;
  known(viewer: Viewer): viewer is Viewer & { employee: Employee };
  /** Someone the server does not know, sent to choose who they are or to sign in. */
  stranger(res: Response, viewer: Viewer): void;
  send(res: Response, viewer: Viewer, title: string, content: Html, current?: NavPage | ConsolePage, head?: Html): void;
  renderContext(req: Request, res: Response): RenderContext;
  /** The conversation layer's request for this person, as the chat platforms make it. */
  request(req: Request, viewer: Viewer & { employee: Employee }): ConversationRequest;
  notFound(res: Response, viewer: Viewer): void;
  /** A page this person may not see: 403, in their language. */
  forbidden(res: Response, viewer: Viewer): void;
}
