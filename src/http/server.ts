import http from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Application } from "express";
import type { Logger } from "../logger";

/**
 * Listens, and on close stops taking connections, lets requests in flight finish (up to
 * `graceMs`), then drops what is left.
 */
export interface RunningServer {
  port: number;
  close(graceMs?: number): Promise<void>;
}

export function listen(app: Application, port: number, logger: Logger, host?: string): Promise<RunningServer> {
  const server = http.createServer(app);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address() as AddressInfo;
      logger.info({ port: address.port }, `HTTP server listening on port ${address.port}`);
      resolve({
        port: address.port,
        close: (graceMs = 10_000) =>
          new Promise<void>((done) => {
            const force = setTimeout(() => server.closeAllConnections(), graceMs);
            force.unref();
            server.close(() => {
              clearTimeout(force);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
  });
}

export function createExpressApp(): Application {
  const app = express();
  app.disable("x-powered-by");
  return app;
}
