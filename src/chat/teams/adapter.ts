/**
 * The `POST /api/messages` endpoint: Bot Framework authentication around the Teams bot.
 * botbuilder stays behind this folder so that a move to its successor touches nothing else.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from "botbuilder";
import type express from "express";
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
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(authOptions(settings)));
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
    // Express 5 forwards a rejected promise to the error middleware.
    handler: (req, res) => adapter.process(req, res, (context: TurnContext) => bot.run(context)),
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
