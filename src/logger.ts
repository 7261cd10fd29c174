import pino, { type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger };

export type LogFormat = "json" | "pretty";

/**
 * People read a terminal; machines read pipes. Pretty lines when stdout is a terminal,
 * JSON lines otherwise, and `LOG_FORMAT` decides when set.
 */
export function logFormat(env: NodeJS.ProcessEnv = process.env, isTerminal = Boolean(process.stdout.isTTY)): LogFormat {
  if (env.LOG_FORMAT === "json" || env.LOG_FORMAT === "pretty") return env.LOG_FORMAT;
  return isTerminal ? "pretty" : "json";
}

/**
 * Structured logs. Secrets must never reach them: the paths below are censored wherever
 * they appear, and configuration objects are never logged whole.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? "info", format: LogFormat = logFormat()): Logger {
  const options = {
    level,
    base: { service: "service-culture-bot" },
    redact: {
      paths: [
        "token",
        "*.token",
        "botToken",
        "*.botToken",
        "signingSecret",
        "*.signingSecret",
        "appToken",
        "adminUserToken",
        "*.adminUserToken",
        "*.appToken",
        "appPassword",
        "*.appPassword",
        "password",
        "*.password",
        "secret",
        "*.secret",
        "clientSecret",
        "*.clientSecret",
        "scimToken",
        "*.scimToken",
        "req.headers.authorization",
        'req.headers["x-slack-signature"]',
        'req.headers["x-complaints-signature"]',
        "headers.authorization",
      ],
      censor: "[redacted]",
    },
  };
  if (format === "json") return pino(options);
  // In the main thread and synchronous, so that a fatal line is written before the process exits.
  // A terminal shows the sentences; their fields show from LOG_LEVEL=debug, and an error's message always.
  const detailed = level === "debug" || level === "trace";
  return pino(
    options,
    pretty({
      sync: true,
      colorize: Boolean(process.stdout.isTTY),
      translateTime: "SYS:HH:MM:ss",
      ignore: "pid,hostname,service",
      hideObject: !detailed,
      messageFormat: (log, messageKey) => {
        const message = String(log[messageKey] ?? "");
        const err = log.err as { message?: string } | undefined;
        return !detailed && err?.message ? `${message}: ${err.message}` : message;
      },
    }),
  );
}

/** A problem as one line, however many lines its message has: logs and terminals read it alike. */
export function oneLine(message: string): string {
  const [first = "", ...rest] = message
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  if (rest.length === 0) return first;
  return `${first}${first.endsWith(":") ? " " : "; "}${rest.join("; ")}`;
}
