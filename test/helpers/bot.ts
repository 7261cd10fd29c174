import { copyFileSync, cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startApp, type RunningApp } from "../../src/app";
import { loadConfig, type Config } from "../../src/config/env";
import { createLogger, type Logger } from "../../src/logger";
import { PGLITE_TEMPLATE_ENV } from "./database-templates";
import { createScratchPostgres, type DatabaseKind } from "./databases";
import { SIGNING_SECRET, startSlackApiStandIn } from "./slack";

export type SlackApiStandIn = Awaited<ReturnType<typeof startSlackApiStandIn>>;

export interface RunningBot {
  app: RunningApp;
  base: string;
  slackApi: SlackApiStandIn;
  /** The bot's own copy of the organisation file, which it watches. */
  orgFile: string;
  /** Stops the bot, the stand-in and drops the scratch database; calling it again does nothing. */
  stop(): Promise<void>;
}

/** How long a hook that starts a bot (migrations, organisation import) may take on a busy machine. */
export const BOT_START_TIMEOUT_MS = 240_000;

/**
 * Every bot this file started or is starting. A `beforeAll` that times out leaves its test
 * file's `bot` unset while the start goes on; the file-level afterAll below waits for such a
 * start and stops the bot, so that nothing keeps Jest from exiting.
 */
const starts = new Set<Promise<RunningBot | undefined>>();
if (typeof afterAll === "function") {
  afterAll(async () => {
    const bots = await Promise.all([...starts]);
    starts.clear();
    await Promise.all(bots.map((bot) => bot?.stop()));
  }, BOT_START_TIMEOUT_MS);
}

/** What a test changes of the configuration the environment gives, e.g. the demo's loopback address. */
export type Configure = (config: Config) => Config;

/**
 * The whole bot in-process on a fresh database, with Slack's Web API replaced by a stand-in
 * (whose credentials `withoutSlack` leaves out, as the demo runs).
 */
export function startBot(
  kind: DatabaseKind,
  orgFile = "examples/org.yml",
  extraEnv: Record<string, string> = {},
  logger: Logger = createLogger("silent"),
  options: { withoutSlack?: boolean; configure?: Configure } = {},
): Promise<RunningBot> {
  const started = start(kind, orgFile, extraEnv, logger, options);
  starts.add(started.catch(() => undefined));
  return started;
}

async function start(
  kind: DatabaseKind,
  orgFile: string,
  extraEnv: Record<string, string>,
  logger: Logger,
  options: { withoutSlack?: boolean; configure?: Configure },
): Promise<RunningBot> {
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.splice(0).reverse()) await step();
  };
  let stage = "starting the Slack Web API stand-in";
  try {
    const slackApi = await startSlackApiStandIn();
    cleanups.push(() => slackApi.close());
    const dir = mkdtempSync(path.join(tmpdir(), "bot-"));
    const org = path.join(dir, "org.yml");
    copyFileSync(orgFile, org);
    const env: Record<string, string> = {
      PORT: "0",
      DATA_DIR: dir,
      ORG_FILE: org,
      // Posts into one conversation unpaced: pacing has tests of its own (outbox-pacing.test.ts),
      // and a second post into a channel should not make every test wait a second.
      SLACK_POST_INTERVAL_MS: "0",
      TEAMS_POST_INTERVAL_MS: "0",
      ...(options.withoutSlack ? {} : { SLACK_BOT_TOKEN: "xoxb-test", SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slackApi.url }),
      ...extraEnv,
    };
    // A DATABASE_URL given by the test is a database it shares between bots (replicas).
    if (kind === "postgres" && !extraEnv.DATABASE_URL) {
      stage = "creating a scratch PostgreSQL database (TEST_DATABASE_URL)";
      const scratch = await createScratchPostgres({ migrated: true });
      cleanups.push(scratch.drop);
      env.DATABASE_URL = scratch.url;
    } else if (process.env[PGLITE_TEMPLATE_ENV]) {
      // The bot keeps its embedded database in DATA_DIR/pglite: a copy of the migrated one.
      cpSync(path.join(process.env[PGLITE_TEMPLATE_ENV], "pglite"), path.join(dir, "pglite"), { recursive: true });
    }
    stage = `starting the bot with ${orgFile}`;
    const config = loadConfig(env);
    const app = await startApp(options.configure ? options.configure(config) : config, logger);
    cleanups.push(() => app.stop());
    let stopping: Promise<void> | undefined;
    return {
      app,
      base: `http://127.0.0.1:${app.port}`,
      slackApi,
      orgFile: org,
      stop: () => (stopping ??= cleanup()),
    };
  } catch (error) {
    await cleanup().catch(() => undefined);
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`startBot(${kind}) failed while ${stage}: ${why}`, { cause: error });
  }
}
