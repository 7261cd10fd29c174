import { chmodSync, unlinkSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { databaseCommandSchema, runDatabaseCommand, type CommandContext, type CommandResult } from "../cli/commands";
import type { Logger } from "../logger";
import type { Database } from "../store/database";

/**
 * A Unix socket in DATA_DIR where the server runs CLI commands on the embedded database it
 * holds (PGlite cannot be opened by a second process). Only users who can reach the data
 * directory can reach the socket, and it is readable by its owner only.
 */
export function adminSocketPath(dataDir: string): string {
  return path.join(dataDir, "admin.sock");
}

export function startAdminSocket(
  socketPath: string,
  db: Database,
  logger: Logger,
  context: Omit<CommandContext, "logger"> = {},
): Promise<() => Promise<void>> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      let result: CommandResult;
      const parsed = databaseCommandSchema.safeParse(safeJson(Buffer.concat(chunks).toString("utf8")));
      if (req.method !== "POST" || !parsed.success) {
        result = { exitCode: 2, output: "Unrecognised command" };
      } else {
        logger.info({ command: parsed.data.command }, "Running a CLI command for the admin socket");
        result = await runDatabaseCommand(parsed.data, db, { ...context, logger });
      }
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify(result));
    });
  });
  try {
    unlinkSync(socketPath); // left by a process that died; the data-dir lock says we own it now
  } catch {
    // none
  }
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => {
      chmodSync(socketPath, 0o600);
      resolve(() => new Promise<void>((done) => server.close(() => done())));
    });
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The CLI's side: sends a command to the server that holds the database. */
export function sendToAdminSocket(socketPath: string, body: unknown): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, path: "/cli", method: "POST", headers: { "Content-Type": "application/json" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")) as CommandResult));
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}
