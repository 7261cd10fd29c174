import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseOrganisation, type Organisation } from "../../src/config/organisation";
import { adminSocketPath, sendToAdminSocket, startAdminSocket } from "../../src/http/admin-socket";
import { createLogger } from "../../src/logger";
import { databaseKinds, DATABASE_START_TIMEOUT_MS, migratedDatabase, type TestDatabase } from "../helpers/databases";

/**
 * The Unix socket where the server runs CLI commands on the database it holds: a real
 * socket in a temporary data directory, a real database, the CLI's own client.
 */

const ORG = `company: { name: Acme, timezone: Asia/Jerusalem, locale: en }
departments:
  - { key: billing, name: Billing }
employees:
  - { email: dana@acme.example, name: Dana Levi, department: billing }
`;

const logger = createLogger("silent");

/** A raw request, for what the CLI's client never sends (another method, a body that is not JSON). */
function request(socketPath: string, method: string, body: string): Promise<{ status: number | undefined; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, path: "/cli", method, headers: { "Content-Length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode, type: res.headers["content-type"], body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "scb-admin-"));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("adminSocketPath", () => {
  it("is admin.sock in the data directory", () => {
    expect(adminSocketPath("/srv/bot/data")).toBe("/srv/bot/data/admin.sock");
  });
});

describe("startAdminSocket, without a database command reaching it", () => {
  it("fails to start where no socket can be made (a missing directory)", async () => {
    const missing = path.join(dataDir(), "no-such-dir", "admin.sock");
    await expect(startAdminSocket(missing, undefined as never, logger)).rejects.toMatchObject({ syscall: "listen", address: missing });
  });

  it("the CLI's client fails when nothing listens on the socket", async () => {
    await expect(sendToAdminSocket(path.join(dataDir(), "admin.sock"), { command: "db-migrate" })).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe.each(databaseKinds)("admin socket on %s", (kind) => {
  let db: TestDatabase | undefined;
  let socket = "";
  let stop: (() => Promise<void>) | undefined;
  let organisation: Organisation | undefined;

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    const dir = dataDir();
    socket = adminSocketPath(dir);
    // A socket file left by a server that died: the new server replaces it.
    writeFileSync(socket, "stale");
    stop = await startAdminSocket(socket, db, logger, { organisation: () => organisation, complaintsSecret: "socket-secret" });
  }, DATABASE_START_TIMEOUT_MS);

  afterAll(async () => {
    await stop?.();
    await db?.close();
  }, DATABASE_START_TIMEOUT_MS);

  it("replaced the stale file with a socket only its owner may use", () => {
    const stat = statSync(socket);
    expect(stat.isSocket()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o600);
  });

  it("runs db migrate: nothing to apply on a migrated database", async () => {
    await expect(sendToAdminSocket(socket, { command: "db-migrate" })).resolves.toEqual({ exitCode: 0, output: "The database is up to date." });
  });

  it("answers JSON, exit code 2, to a body that is not JSON, an unknown command, a command with missing fields, or a GET", async () => {
    const unrecognised = { status: 200, type: "application/json", body: '{"exitCode":2,"output":"Unrecognised command"}' };
    await expect(request(socket, "POST", "not json")).resolves.toEqual(unrecognised);
    await expect(request(socket, "POST", '{"command":"drop-everything"}')).resolves.toEqual(unrecognised);
    await expect(request(socket, "POST", '{"command":"org-import","fileName":"org.yml"}')).resolves.toEqual(unrecognised);
    await expect(request(socket, "GET", "")).resolves.toEqual(unrecognised);
    await expect(request(socket, "GET", '{"command":"db-migrate"}')).resolves.toEqual(unrecognised);
    await expect(sendToAdminSocket(socket, { command: "rotation-report", from: "2026-11-30", to: "2026-11-01" })).resolves.toEqual({
      exitCode: 2,
      output: "Unrecognised command",
    });
  });

  it("imports an organisation file sent as content, then finds it unchanged", async () => {
    const name = `org-${kind}.yml`;
    await expect(sendToAdminSocket(socket, { command: "org-import", fileName: name, content: ORG })).resolves.toEqual({
      exitCode: 0,
      output: `Imported ${name}: departments 1 new, 0 updated, 0 deactivated; employees 1 new, 0 updated, 0 deactivated.`,
    });
    await expect(sendToAdminSocket(socket, { command: "org-import", fileName: name, content: ORG })).resolves.toEqual({
      exitCode: 0,
      output: `${name} is unchanged since the last import: nothing to do.`,
    });
  });

  it("reports an organisation file that does not parse, exit code 1, and imports nothing", async () => {
    const result = await sendToAdminSocket(socket, { command: "org-import", fileName: "broken.yml", content: "company: [" });
    expect(result.exitCode).toBe(1);
    expect(result.output).toMatch(/^broken\.yml/);
    expect(await db!.prisma.organisationImport.count({ where: { source: "broken.yml" } })).toBe(0);
  });

  it("imports complaints with the server's secret", async () => {
    const csv = ["id,received_at,text,customer", `sock-${kind}-1,2026-11-19T08:41:00Z,The invoice is unclear,cust-1`, ""].join("\n");
    await expect(sendToAdminSocket(socket, { command: "complaints-import", fileName: "c.csv", content: csv, mapping: {} })).resolves.toEqual({
      exitCode: 0,
      output: "stored 1, duplicates 0 (already imported), bad rows 0, warnings 0",
    });
    const stored = await db!.prisma.complaint.findUnique({ where: { externalId: `sock-${kind}-1` } });
    expect(stored?.text).toBe("The invoice is unclear");
    expect(stored?.customerHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reads date-times without an offset in the company time zone of the organisation the server holds", async () => {
    organisation = parseOrganisation(ORG, "org.yml");
    try {
      const csv = ["Ticket,Opened,Body", `sock-${kind}-local,2026-11-19 10:41,No offset here`, ""].join("\n");
      const result = await sendToAdminSocket(socket, {
        command: "complaints-import",
        fileName: "c.csv",
        content: csv,
        mapping: { id: "Ticket", received_at: "Opened", text: "Body" },
      });
      expect(result).toEqual({ exitCode: 0, output: "stored 1, duplicates 0 (already imported), bad rows 0, warnings 0" });
      const stored = await db!.prisma.complaint.findUnique({ where: { externalId: `sock-${kind}-local` } });
      // 10:41 in Jerusalem in November (UTC+2).
      expect(stored?.receivedAt.toISOString()).toBe("2026-11-19T08:41:00.000Z");
    } finally {
      organisation = undefined;
    }
  });

  it("rotation report without an organisation, on the server or sent, is refused with exit code 1", async () => {
    await expect(sendToAdminSocket(socket, { command: "rotation-report", from: "2026-11-01", to: "2026-11-30" })).resolves.toEqual({
      exitCode: 1,
      output: "No organisation has been imported yet: run `npm run cli -- org import <file>` first, or set ORG_FILE.",
    });
  });

  it("rotation report for an unknown department names it, exit code 1", async () => {
    const result = await sendToAdminSocket(socket, {
      command: "rotation-report",
      from: "2026-11-01",
      to: "2026-11-30",
      department: "nowhere",
      organisationFile: { fileName: "org.yml", content: ORG },
    });
    // The report looks the department up in the database, where nothing was imported on this path.
    expect(result.exitCode).toBe(1);
    expect(result.output).toMatch(/^Unknown department "nowhere" \(known: /);
  });

  it("digest preview for a department the organisation does not have lists the known ones, exit code 1", async () => {
    organisation = parseOrganisation(ORG, "org.yml");
    try {
      await sendToAdminSocket(socket, { command: "org-import", fileName: `org-${kind}.yml`, content: ORG });
      await expect(sendToAdminSocket(socket, { command: "digest-preview", department: "sales" })).resolves.toEqual({
        exitCode: 1,
        output: 'There is no department "sales". Known: billing.',
      });
    } finally {
      organisation = undefined;
    }
  });
});
