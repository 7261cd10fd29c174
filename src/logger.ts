import pino, { type Logger } from "pino";

export type { Logger };

/**
 * Structured JSON logs. Secrets must never reach them: the paths below are censored
 * wherever they appear, and configuration objects are never logged whole.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({
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
        "req.headers.authorization",
        'req.headers["x-slack-signature"]',
        'req.headers["x-complaints-signature"]',
        "headers.authorization",
      ],
      censor: "[redacted]",
    },
  });
}
