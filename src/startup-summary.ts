import { SLACK_EVENTS_PATH } from "./chat/slack/app";
import type { Config, SignInProvider } from "./config/env";
import type { Organisation } from "./config/organisation";

export interface StartupFacts {
  config: Config;
  port: number;
  slackMode?: "http" | "socket";
  organisation?: Organisation;
  /** The file the organisation in force was imported from (ORG_FILE, or a CLI import). */
  organisationSource?: string;
  databaseKind: "pglite" | "postgres";
}

/**
 * What a person who just typed `npm start` needs to know: where the bot is, what works,
 * and, for what does not, the one thing to set next.
 */
export function startupSummary(facts: StartupFacts): string[] {
  const { config, port, organisation } = facts;
  const base = `http://127.0.0.1:${port}`;
  const lines = [`Ready at ${base} (liveness ${base}/healthz, readiness ${base}/readyz, metrics ${base}/metrics)`];
  lines.push(
    facts.databaseKind === "pglite"
      ? `  Database: embedded PGlite in ${config.dataDir} (set DATABASE_URL for PostgreSQL)`
      : "  Database: PostgreSQL from DATABASE_URL",
  );
  lines.push(
    organisation
      ? `  Organisation: ${organisation.company.name} from ${facts.organisationSource ?? config.orgFile}, ${organisation.departments.length} departments, ${organisation.employees.length} employees`
      : "  Organisation: none yet, so /readyz answers 503: run `npm run cli -- org import <file>` or set ORG_FILE (examples/org.yml is a commented example)",
  );
  if (facts.slackMode === "socket") lines.push("  Slack: on, Socket Mode (manifests/slack/manifest-socket-mode.yml)");
  else if (facts.slackMode === "http") lines.push(`  Slack: on, events at ${base}${SLACK_EVENTS_PATH} (manifests/slack/manifest.yml)`);
  else
    lines.push(
      `  Slack: off: set ${config.slackMissing.join(" and ")} (HTTP), or SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode, no public address needed)`,
    );
  if (config.teams?.unauthenticated) lines.push(`  Teams: on WITHOUT authentication (TEAMS_ALLOW_UNAUTHENTICATED), activities at ${base}/api/messages`);
  else if (config.teams) lines.push(`  Teams: on, activities at ${base}/api/messages`);
  else lines.push(`  Teams: off: set ${config.teamsMissing.join(" and ")}`);
  lines.push(
    config.complaintsWebhookSecret
      ? `  Complaints webhook: on, POST ${base}/api/complaints`
      : "  Complaints webhook: off (answers 503): set COMPLAINTS_WEBHOOK_SECRET",
  );
  lines.push(webLine(config, base));
  if (!config.publicUrl) lines.push("  Public address: none, so digests go without their chart and calendar links are not offered: set PUBLIC_URL");
  return lines;
}

const PROVIDER_NAMES: Record<SignInProvider["key"], string> = { slack: "Slack", microsoft: "Microsoft Entra ID" };

/** Where the browser surface is and how people get past its door: without a way in, /app only answers 401. */
function webLine(config: Config, base: string): string {
  const providers = config.signIn.map((provider) => PROVIDER_NAMES[provider.key]);
  const ways = providers.length > 0 ? [`sign in with ${providers.join(" or ")}`] : [];
  if (config.teamsTab) ways.push("open the Teams personal tab");
  if (ways.length === 0) {
    return `  Web: ${base}/app, no sign-in configured: only the demo (npm run demo) offers /app; set SIGN_IN_SLACK_* or SIGN_IN_MICROSOFT_*, and PUBLIC_URL, to let people in`;
  }
  // Sign-in needs PUBLIC_URL (loadConfig refuses it otherwise): that is the address people use.
  const publicApp = `${config.publicUrl?.replace(/\/+$/, "")}/app`;
  return `  Web: ${base}/app, public ${publicApp}: people ${ways.join(", or ")}`;
}
