import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Application } from "express";
import { ConfigError } from "../config/env";
import type { Logger } from "../logger";

/**
 * Listens, and on close stops taking connections, lets requests in flight finish (up to
 * `graceMs`), then drops what is left.
 */
export interface RunningServer {
  port: number;
  close(graceMs?: number): Promise<void>;
}

/** A server that holds its port before the application behind it exists. */
export interface ReservedServer extends RunningServer {
  /** From now on requests go to `app`. */
  serve(app: Application): void;
}

/** Node's listen errors, said in terms of the variable the administrator can change. */
function portError(error: NodeJS.ErrnoException, port: number): Error {
  if (error.code === "EADDRINUSE") return new ConfigError(`PORT ${port} is already in use: set PORT to a free port`);
  if (error.code === "EACCES") return new ConfigError(`PORT ${port} needs privileges this process does not have: set PORT to a port above 1023`);
  return error;
}

/** While the bot starts it is alive but not ready: `/healthz` answers, everything else waits for a retry. */
function starting(req: IncomingMessage, res: ServerResponse): void {
  const alive = req.url === "/healthz";
  res.writeHead(alive ? 200 : 503, { "content-type": "application/json; charset=utf-8", ...(alive ? {} : { "retry-after": "5" }) });
  res.end(JSON.stringify(alive ? { status: "ok" } : { error: "starting" }));
}

/**
 * Takes the port first, so that a port in use is found before the database is opened or
 * migrated; requests answer 503 until `serve` hands them to the application.
 */
export function reservePort(port: number, logger: Logger, host?: string): Promise<ReservedServer> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = starting;
  const server = http.createServer((req, res) => handler(req, res));
  return new Promise((resolve, reject) => {
    const refuse = (error: NodeJS.ErrnoException) => reject(portError(error, port));
    server.once("error", refuse);
    server.listen(port, host, () => {
      server.off("error", refuse);
      const address = server.address() as AddressInfo;
      logger.info({ port: address.port }, `HTTP server listening on port ${address.port}`);
      resolve({
        port: address.port,
        serve: (app) => {
          handler = app;
        },
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

export async function listen(app: Application, port: number, logger: Logger, host?: string): Promise<RunningServer> {
  const server = await reservePort(port, logger, host);
  server.serve(app);
  return server;
}

export function createExpressApp(): Application {
  const app = express();
  app.disable("x-powered-by");
  return app;
}
