import { App, ExpressReceiver } from "@slack/bolt";
import type { Application } from "express";
import type { SlackSettings } from "../../config/env";
import { registerListeners, type SlackDeps } from "./listeners";
import { slackLogger } from "./logger";

export const SLACK_EVENTS_PATH = "/slack/events";

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
  const logger = slackLogger(deps.logger);
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
