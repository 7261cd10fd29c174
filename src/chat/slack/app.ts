import { App, ExpressReceiver, LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { Application } from "express";
import type { SlackSettings } from "../../config/env";
import type { Logger } from "../../logger";
import { registerListeners, type SlackDeps } from "./listeners";

export const SLACK_EVENTS_PATH = "/slack/events";

/** Bolt logs through our pino logger, so its lines are structured and redacted too. */
function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: "slack" });
  return {
    debug: (...msg) => child.debug(msg.map(String).join(" ")),
    info: (...msg) => child.info(msg.map(String).join(" ")),
    warn: (...msg) => child.warn(msg.map(String).join(" ")),
    error: (...msg) => child.error(msg.map(String).join(" ")),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}

export interface SlackHandle {
  app: App;
  mode: "http" | "socket";
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Bolt app: over HTTP on POST /slack/events of our own server, with Slack's request
 * signature checked by Bolt, or over Socket Mode when an app token is set.
 */
export function createSlackApp(settings: SlackSettings, expressApp: Application, deps: SlackDeps): SlackHandle {
  const logger = boltLogger(deps.logger);
  const clientOptions = settings.apiUrl ? { slackApiUrl: settings.apiUrl.replace(/\/?$/, "/") } : undefined;
  if (settings.appToken) {
    const app = new App({
      token: settings.botToken,
      appToken: settings.appToken,
      socketMode: true,
      logger,
      clientOptions,
    });
    registerListeners(app, deps);
    return {
      app,
      mode: "socket",
      start: async () => {
        await app.start();
      },
      stop: async () => {
        await app.stop();
      },
    };
  }
  const receiver = new ExpressReceiver({
    signingSecret: settings.signingSecret ?? "",
    endpoints: SLACK_EVENTS_PATH,
    app: expressApp,
    logger,
    // Acknowledge first and work afterwards: Slack allows 3 seconds.
    processBeforeResponse: false,
  });
  const app = new App({ token: settings.botToken, receiver, logger, clientOptions });
  registerListeners(app, deps);
  return { app, mode: "http", start: async () => undefined, stop: async () => undefined };
}
