import { loadConfig } from "../../src/config/env";
import { startupSummary } from "../../src/startup-summary";

/** What `npm start` prints once up, for the settings a newcomer has and for a configured deployment. */

const summaryFor = (env: NodeJS.ProcessEnv) => startupSummary({ config: loadConfig({ DATA_DIR: "/srv/service-culture", ...env }), port: 3000, databaseKind: "pglite" });

const signIn = {
  PUBLIC_URL: "https://bot.acme.example/",
  SIGN_IN_SLACK_CLIENT_ID: "slack-client",
  SIGN_IN_SLACK_CLIENT_SECRET: "slack-secret",
  SIGN_IN_MICROSOFT_CLIENT_ID: "entra-client",
  SIGN_IN_MICROSOFT_CLIENT_SECRET: "entra-secret",
  TEAMS_TENANT_ID: "acme-tenant",
};

describe("the start-up summary", () => {
  it("with nothing set, says where each thing is, what to set next, and that only the demo offers the web", () => {
    expect(summaryFor({})).toEqual([
      "Ready at http://127.0.0.1:3000 (liveness http://127.0.0.1:3000/healthz, readiness http://127.0.0.1:3000/readyz, metrics http://127.0.0.1:3000/metrics)",
      "  Database: embedded PGlite in /srv/service-culture (set DATABASE_URL for PostgreSQL)",
      "  Organisation: none yet, so /readyz answers 503: run `npm run cli -- org import <file>` or set ORG_FILE (examples/org.yml is a commented example)",
      "  Slack: off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP), or SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode, no public address needed)",
      "  Teams: off: set TEAMS_APP_ID and TEAMS_APP_PASSWORD",
      "  Complaints webhook: off (answers 503): set COMPLAINTS_WEBHOOK_SECRET",
      "  Web: http://127.0.0.1:3000/app, no sign-in configured: only the demo (npm run demo) offers /app; set SIGN_IN_SLACK_* or SIGN_IN_MICROSOFT_*, and PUBLIC_URL, to let people in",
      "  Public address: none, so digests go without their chart and calendar links are not offered: set PUBLIC_URL",
    ]);
  });

  it("names the sign-in providers and the public address people use", () => {
    expect(summaryFor(signIn)).toContain("  Web: http://127.0.0.1:3000/app, public https://bot.acme.example/app: people sign in with Slack or Microsoft Entra ID");
  });

  it("with only Slack's sign-in, names Slack alone", () => {
    expect(summaryFor({ ...signIn, SIGN_IN_MICROSOFT_CLIENT_ID: "", SIGN_IN_MICROSOFT_CLIENT_SECRET: "" })).toContain("  Web: http://127.0.0.1:3000/app, public https://bot.acme.example/app: people sign in with Slack");
  });

  it("counts the Teams personal tab as a way in, alone or beside sign-in", () => {
    const teamsApp = { TEAMS_APP_ID: "acme-bot", TEAMS_APP_PASSWORD: "acme-password" };
    expect(summaryFor({ PUBLIC_URL: "https://bot.acme.example", TEAMS_TENANT_ID: "acme-tenant", ...teamsApp })).toContain(
      "  Web: http://127.0.0.1:3000/app, public https://bot.acme.example/app: people open the Teams personal tab",
    );
    expect(summaryFor({ ...signIn, ...teamsApp })).toContain(
      "  Web: http://127.0.0.1:3000/app, public https://bot.acme.example/app: people sign in with Slack or Microsoft Entra ID, or open the Teams personal tab",
    );
  });
});
