import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "../logger";

/**
 * The last word on every request no route answered or that failed: a JSON body naming what
 * went wrong, the right status, and never a stack or a path, whatever NODE_ENV says.
 */
export const notFound: RequestHandler = (_req, res) => {
  res.status(404).json({ error: "not_found" });
};

/** body-parser's error types, as the client can act on them. */
const CLIENT_ERRORS: Record<string, string> = {
  "entity.parse.failed": "invalid_json",
  "entity.too.large": "payload_too_large",
  "encoding.unsupported": "unsupported_encoding",
  "charset.unsupported": "unsupported_charset",
  "request.aborted": "request_aborted",
  "request.size.invalid": "invalid_request_size",
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const { type, status } = (error ?? {}) as { type?: string; status?: number };
    const clientError = type !== undefined ? CLIENT_ERRORS[type] : undefined;
    if (clientError && status && status >= 400 && status < 500) {
      res.status(status).json({ error: clientError });
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    logger.error({ err: { message }, method: req.method, path: req.path }, "Request failed");
    res.status(500).json({ error: "internal_error" });
  };
}
