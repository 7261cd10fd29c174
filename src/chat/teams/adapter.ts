/**
 * The `POST /api/messages` endpoint: Bot Framework authentication around the Teams bot.
 * botbuilder stays behind this folder so that a move to its successor touches nothing else.
 */
import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from "botbuilder";
import type express from "express";
import { z } from "zod";
import type { TeamsSettings } from "../../config/env";
import { resolveLocale, t, type Locale } from "../../i18n";
import type { Logger } from "../../logger";
import type { Database } from "../../store/database";
import { TeamsBot, type TeamsBotDeps } from "./bot";

export interface TeamsEndpointDeps {
  /** Undefined when Teams is not configured; `missing` then names what is needed. */
  settings?: TeamsSettings;
  missing: string[];
  db: Database;
  logger: Logger;
  companyLocale: () => Locale;
  /** What commands and card actions call; without it every message gets the help card. */
  services?: TeamsBotDeps["services"];
  /** COMPLAINTS_WEBHOOK_SECRET, for the complaint form. */
  complaintsSecret?: string;
}

export interface TeamsEndpoint {
  handler: express.RequestHandler;
  enabled: boolean;
  /** For proactive posts (./delivery); absent when Teams is not configured. */
  adapter?: CloudAdapter;
  /** The bot's app id for proactive turns; empty when unauthenticated. */
  appId?: string;
}

export function createTeamsEndpoint(deps: TeamsEndpointDeps): TeamsEndpoint {
  const { settings, logger } = deps;
  if (!settings) {
    // botbuilder with an empty app id accepts unauthenticated requests, so an unconfigured
    // endpoint must never reach it.
    const missing = deps.missing.length > 0 ? deps.missing : ["TEAMS_APP_ID", "TEAMS_APP_PASSWORD"];
    const error = `Teams is not configured: set ${missing.join(" and ")}`;
    return { enabled: false, handler: (_req, res) => void res.status(503).json({ error }) };
  }

  if (settings.unauthenticated) {
    logger.warn(
      "Teams requests are NOT authenticated (TEAMS_ALLOW_UNAUTHENTICATED): anyone who can reach " +
        "/api/messages can act as any Teams user. This is for local work only; never run it in production.",
    );
  }
  const adapter = new ActivityAdapter(new ConfigurationBotFrameworkAuthentication(authOptions(settings)));
  adapter.onTurnError = async (context, error) => {
    // Only these fields: connector errors carry the request, Authorization header included.
    logger.error(
      {
        err: { name: error.name, message: error.message, stack: error.stack },
        activityType: context.activity.type,
        conversationId: context.activity.conversation?.id,
      },
      "Teams turn failed",
    );
    const locale = resolveLocale({ platform: context.activity.locale, company: deps.companyLocale() });
    try {
      await context.sendActivity(t(locale, "errors.generic"));
    } catch (sendError) {
      logger.error({ err: { message: (sendError as Error).message } }, "Could not tell the user that the turn failed");
    }
  };

  const bot = new TeamsBot({ db: deps.db, logger, companyLocale: deps.companyLocale, services: deps.services, complaintsSecret: deps.complaintsSecret });
  return {
    enabled: true,
    adapter,
    appId: settings.unauthenticated ? "" : settings.appId,
    handler: activityHandler(adapter, (context) => bot.run(context), logger),
  };
}

/** The SDK's adapter, with the processing step below its HTTP glue made reachable. */
class ActivityAdapter extends CloudAdapter {
  processParsed(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authorization, activity, logic);
  }
}

/** What an activity must have before the SDK sees it; the rest is the SDK's to read. */
const activityShape = z.looseObject({ type: z.string().min(1) });

/**
 * Our own HTTP glue around `processActivity` instead of the SDK's `process`, which answers
 * with its internal error messages, prints whole errors to the console and gives 500 for
 * some tokens it cannot verify. Everything that fails before the turn starts is
 * authentication (the SDK has only checked the token by then): 401. The turn's own errors
 * are `onTurnError`'s.
 */
function activityHandler(adapter: ActivityAdapter, logic: (context: TurnContext) => Promise<void>, logger: Logger): express.RequestHandler {
  return async (req, res) => {
    if (!activityShape.safeParse(req.body).success) {
      res.status(400).json({ error: "invalid_activity" });
      return;
    }
    const activity = req.body as Activity;
    for (const field of ["timestamp", "localTimestamp", "expiration"] as const) {
      const value: unknown = activity[field];
      if (typeof value === "string") Object.assign(activity, { [field]: new Date(value) });
    }
    const authorization = typeof req.headers.authorization === "string" ? req.headers.authorization : "";
    let turnStarted = false;
    try {
      const invokeResponse = await adapter.processParsed(authorization, activity, (context) => {
        turnStarted = true;
        return logic(context);
      });
      res.status(invokeResponse?.status ?? 200);
      if (invokeResponse?.body === undefined) res.end();
      else res.json(invokeResponse.body);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!turnStarted) {
        logger.warn({ err: { message } }, "Teams request refused: its Bot Framework token could not be verified");
        res.status(401).json({ error: "unauthorized" });
        return;
      }
      logger.error({ err: { message } }, "Teams request failed after its turn");
      if (!res.headersSent) res.status(500).json({ error: "internal_error" });
    }
  };
}

function authOptions(settings: TeamsSettings): ConfigurationBotFrameworkAuthenticationOptions {
  // Empty credentials are what makes botbuilder skip token checks in both directions.
  if (settings.unauthenticated) {
    return { MicrosoftAppId: "", MicrosoftAppPassword: "", MicrosoftAppType: "MultiTenant" };
  }
  return {
    MicrosoftAppId: settings.appId,
    MicrosoftAppPassword: settings.appPassword,
    MicrosoftAppType: settings.tenantId ? "SingleTenant" : "MultiTenant",
    ...(settings.tenantId ? { MicrosoftAppTenantId: settings.tenantId } : {}),
  };
}
