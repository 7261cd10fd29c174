import type { App } from "@slack/bolt";
import type { Organisation } from "../../../config/organisation";
import type { Logger } from "../../../logger";
import type { Database } from "../../../store/database";
import { registerAppHomeOpened } from "./app-home-opened";

/** What every Slack listener may use. */
export interface SlackDeps {
  db: Database;
  logger: Logger;
  organisation: () => Organisation | undefined;
}

export function registerListeners(app: App, deps: SlackDeps): void {
  registerAppHomeOpened(app, deps);
}
