import { loadConfig } from "./config/env";
import { createLogger } from "./logger";
import { startApp } from "./app";

/**
 * `npm start`. A configuration or database problem ends the process with one clear message
 * and a non-zero exit; SIGTERM and SIGINT stop it gracefully.
 */
async function main(): Promise<void> {
  const logger = createLogger();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    logger.fatal((error as Error).message);
    process.exitCode = 1;
    return;
  }
  logger.level = config.logLevel;
  let app;
  try {
    app = await startApp(config, logger);
  } catch (error) {
    logger.fatal(`Start-up failed: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: finishing requests in flight, then stopping`);
    app.stop().then(
      () => logger.info("Stopped"),
      (error: unknown) => {
        logger.error(`Stop failed: ${(error as Error).message}`);
        process.exitCode = 1;
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

void main();
