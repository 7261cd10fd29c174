import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startApp, type RunningApp } from "../../src/app";
import { loadConfig } from "../../src/config/env";
import { createLogger } from "../../src/logger";
import { createScratchPostgres, type DatabaseKind } from "./databases";
import { SIGNING_SECRET, startSlackApiStandIn } from "./slack";

export type SlackApiStandIn = Awaited<ReturnType<typeof startSlackApiStandIn>>;

export interface RunningBot {
  app: RunningApp;
  base: string;
  slackApi: SlackApiStandIn;
  stop(): Promise<void>;
}

/** The whole bot in-process on a fresh database, with Slack's Web API replaced by a stand-in. */
export async function startBot(kind: DatabaseKind, orgFile = "examples/org.yml", extraEnv: Record<string, string> = {}): Promise<RunningBot> {
  const slackApi = await startSlackApiStandIn();
  const dir = mkdtempSync(path.join(tmpdir(), "bot-"));
  const org = path.join(dir, "org.yml");
  copyFileSync(orgFile, org);
  const env: Record<string, string> = {
    PORT: "0",
    DATA_DIR: dir,
    ORG_FILE: org,
    SLACK_BOT_TOKEN: "xoxb-test",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slackApi.url,
    ...extraEnv,
  };
  let drop: () => Promise<void> = async () => undefined;
  if (kind === "postgres") {
    const scratch = await createScratchPostgres();
    env.DATABASE_URL = scratch.url;
    drop = scratch.drop;
  }
  const app = await startApp(loadConfig(env), createLogger("silent"));
  return {
    app,
    base: `http://127.0.0.1:${app.port}`,
    slackApi,
    async stop() {
      await app.stop();
      await slackApi.close();
      await drop();
    },
  };
}
