/**
 * `npm run demo`: the product on a fresh embedded database in a temporary folder, with the
 * example organisation and twelve weeks of sample data, on the web at 127.0.0.1 only. The
 * visitor chooses who to be. Nothing of it outlives the process: the folder is removed on exit.
 * `startDemo` is the same start-up for other tools (scripts/screenshots.ts).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startApp, type RunningApp } from "../app";
import { loadConfig } from "../config/env";
import { loadOrganisationFile } from "../config/organisation";
import { createLogger, oneLine, type Logger } from "../logger";
import { importOrganisation } from "../services/organisation-import";
import { openDatabase } from "../store/database";
import { migrate } from "../store/migrate";
import { seedSampleData } from "./sample-data";

const EXAMPLE = path.join(__dirname, "..", "..", "examples", "org.yml");

export interface RunningDemo {
  app: RunningApp;
  /** The web surface's address, http://127.0.0.1:<port>/app. */
  address: string;
  /** Stops the server and deletes the demo's data. */
  stop(): Promise<void>;
}

/** The demo started: a temporary folder, the example organisation, sample data up to now, the server on 127.0.0.1 (port 0: any free one). */
export async function startDemo(logger: Logger, port: string): Promise<RunningDemo> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "service-culture-demo-"));
  const removeData = () => rm(dataDir, { recursive: true, force: true });
  try {
    // Only what the demo chooses: chat credentials in the environment must not reach it.
    const config = { ...loadConfig({ DATA_DIR: dataDir, PORT: port, LOG_LEVEL: "warn" }), host: "127.0.0.1", demo: true };
    const file = await loadOrganisationFile(EXAMPLE);
    const db = await openDatabase(config.database);
    try {
      await migrate(db.raw);
      await importOrganisation(db.prisma, file.organisation, { name: EXAMPLE, checksum: file.checksum, text: file.text });
      const summary = await seedSampleData(
        // Posted on the web only; the outbox delivers it once the server runs.
        { prisma: db.prisma, logger, organisation: () => file.organisation, platforms: ["WEB"], outboxKick: () => undefined, shiftsChanged: () => undefined },
        { now: new Date() },
      );
      logger.info({ summary }, "Sample data");
    } finally {
      await db.close();
    }
    const app = await startApp(config, logger);
    return { app, address: `http://127.0.0.1:${app.port}/app`, stop: () => app.stop().then(removeData) };
  } catch (error) {
    await removeData();
    throw error;
  }
}

async function main(): Promise<void> {
  const logger = createLogger();
  logger.level = process.env.LOG_LEVEL ?? "warn";
  try {
    const demo = await startDemo(logger, process.env.PORT ?? "3000");
    process.stdout.write(`\nService Culture demo: open ${demo.address}\nChoose who to be, and switch at any time. Stop with Ctrl+C; the demo's data is then deleted.\n\n`);
    const stop = () => {
      void demo.stop().finally(() => process.exit());
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  } catch (error) {
    logger.fatal(`Demo failed: ${oneLine((error as Error).message)}`);
    process.exitCode = 1;
  }
}

if (require.main === module) void main();
