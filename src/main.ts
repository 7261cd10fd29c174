import { loadConfig } from "./config/env";
import { createLogger, oneLine } from "./logger";
import { startApp } from "./app";

/** How long a stop may take before the process leaves anyway. */
const STOP_GRACE_MS = 15_000;

/**
 * `npm start`. A configuration or database problem ends the process with one clear line
 * and exit code 1; SIGTERM and SIGINT stop it gracefully, a second signal at once.
 */
async function main(): Promise<void> {
  const logger = createLogger();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    logger.fatal(oneLine((error as Error).message));
    process.exitCode = 1;
    return;
  }
  logger.level = config.logLevel;
  let app;
  try {
    app = await startApp(config, logger);
  } catch (error) {
    logger.fatal(`Start-up failed: ${oneLine((error as Error).message)}`);
    process.exitCode = 1;
    return;
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn(`${signal} received again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    logger.info(`${signal} received: finishing requests in flight, then stopping`);
    const deadline = setTimeout(() => {
      logger.error(`Not stopped after ${STOP_GRACE_MS / 1000} s: exiting anyway`);
      process.exit(1);
    }, STOP_GRACE_MS);
    deadline.unref();
    app.stop().then(
      () => {
        logger.info("Stopped");
        // A client still retrying (Slack unreachable, say) must not keep a stopped bot alive.
        process.exit();
      },
      (error: unknown) => {
        logger.error(`Stop failed: ${oneLine((error as Error).message)}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

void main();
