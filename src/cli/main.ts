import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { ConfigError, loadConfig, type Config } from "../config/env";
import { OrganisationFileError, parseOrganisation, type Organisation } from "../config/organisation";
import { peopleSourceReaders } from "../chat/people-sources";
import { sendToAdminSocket } from "../http/admin-socket";
import { createLogger } from "../logger";
import { openDatabase } from "../store/database";
import { currentHolder, lockDataDir } from "../store/data-dir-lock";
import { runComplaintsImport, runDatabaseCommand, runPeopleImport, type CommandResult, type DatabaseCommand } from "./commands";
import { parseComplaintsImportArguments } from "./complaints-import";
import { parseDigestPreviewArguments } from "./digest-preview";
import { parseReportPreviewArguments } from "./report-preview";
import { parseReportStatusArguments } from "./report-status";
import { parseSeismographPreviewArguments } from "./seismograph-preview";
import { parsePeopleImportArguments } from "./people-import";
import { DIRECTORY_SOURCES } from "../services/people/sync-people";
import { parseRotationReportArguments } from "./rotation-report";

const USAGE = `Usage: npm run cli -- <command>

  org check <file>    validate an organisation file; changes nothing
  org import <file>   import an organisation file (idempotent, one transaction); a running
                      server takes it up within seconds, without a restart
  org import-people <file.csv> [--map field=Column,...] [--dry-run] [--remove-missing]
                      merge people from an HR export (fields email, name, department,
                      manager, start_date, fte; --map email="Work Email" renames) into the
                      organisation last imported; --dry-run prints the changes only;
                      --remove-missing deactivates whoever the export no longer lists
  org sync slack|microsoft365 [--dry-run]
                      merge the Slack workspace's members or the Microsoft 365 directory's
                      users into the organisation (settings under sources in the
                      organisation file; --dry-run prints the changes only)
  org export          print the organisation last imported, as the YAML \`org import\` takes back
  db migrate          apply pending database migrations
  rotation report --from YYYY-MM-DD --to YYYY-MM-DD [--department key]
                      hours on the support line per person, as CSV (dates inclusive,
                      company time zone; settings from the server, ORG_FILE or the last import)
  complaints import <file.csv> [--map field=Column,...]
                      import complaints from CSV (header names as the webhook's fields;
                      --map id=Ticket,text=Description renames); a second import adds nothing
  digest preview <department key|company> [--week YYYY-Www] [--lang he|en]
                      a weekly complaint digest as it would be posted, printed instead
                      (the digest posted during that ISO week; the latest by default)
  report preview --as <email> [--month YYYY-MM]
                      a person's monthly service report as it would be sent, printed
                      instead (the month before this one by default)
  report status [--month YYYY-MM]
                      how far a month's reports have got: time zones queued, and the
                      reports in the outbox by platform and status (the latest month run)
  seismograph preview [--month YYYY-MM] [--lang he|en]
                      the repeat-complaint rates and alerts the management channel would
                      get for a month, printed instead (the month before this one by default)`;

function readFile(file: string | undefined): { fileName: string; content: string } {
  if (!file) throw new ConfigError(`A file is required.\n\n${USAGE}`);
  try {
    return { fileName: file, content: readFileSync(file, "utf8") };
  } catch {
    throw new OrganisationFileError(file, [`file not found or unreadable`]);
  }
}

type Local = (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<CommandResult>;

function organisationOf(file: { fileName: string; content: string }): () => Organisation {
  const organisation = parseOrganisation(file.content, file.fileName);
  return () => organisation;
}

async function runOpened(local: Local, target: Config["database"]): Promise<CommandResult> {
  const db = await openDatabase(target);
  try {
    return await local(db);
  } finally {
    await db.close();
  }
}

/**
 * Runs on the database directly, or through the server when it holds the embedded one.
 * `local` is how to run it in this process, when that differs from sending `command`
 * (`command` is built only when the server is used).
 */
async function runOnDatabase(command: () => DatabaseCommand, local: Local = (db) => runDatabaseCommand(command(), db)): Promise<CommandResult> {
  const config = loadConfig();
  if (config.database.kind === "postgres") return runOpened(local, config.database);
  const holder = currentHolder(config.dataDir);
  if (holder?.adminSocket) return sendToAdminSocket(holder.adminSocket, command());
  const release = lockDataDir(config.dataDir);
  try {
    return await runOpened(local, config.database);
  } finally {
    release();
  }
}

/** Runs one command; throws for a file or a setting the command cannot use (main prints it, exit code 1). */
export async function run(argv: string[]): Promise<CommandResult> {
  const [group, action, file] = argv;
  const key = `${group ?? ""} ${action ?? ""}`;
  switch (key) {
    case "org check": {
      const { fileName, content } = readFile(file);
      const org = parseOrganisation(content, fileName);
      return {
        exitCode: 0,
        output: `${fileName} is valid: ${org.departments.length} departments, ${org.employees.length} employees.`,
      };
    }
    case "org import": {
      const command: DatabaseCommand = { command: "org-import", ...readFile(file) };
      return runOnDatabase(() => command);
    }
    case "org export":
      return runOnDatabase(() => ({ command: "org-export" }));
    case "db migrate":
      return runOnDatabase(() => ({ command: "db-migrate" }));
    case "rotation report": {
      const parsed = parseRotationReportArguments(argv.slice(2));
      if (!parsed.ok) return { exitCode: 2, output: `${parsed.error}\n\n${USAGE}` };
      const orgFile = loadConfig().orgFile;
      const command: DatabaseCommand = { command: "rotation-report", ...parsed.value, ...(orgFile ? { organisationFile: readFile(orgFile) } : {}) };
      return runOnDatabase(() => command);
    }
    case "digest preview": {
      const parsed = parseDigestPreviewArguments(argv.slice(2));
      if (!parsed.ok) return { exitCode: 2, output: `${parsed.error}\n\n${USAGE}` };
      const orgFile = loadConfig().orgFile;
      const command: DatabaseCommand = { command: "digest-preview", ...parsed.value, ...(orgFile ? { organisationFile: readFile(orgFile) } : {}) };
      return runOnDatabase(() => command);
    }
    case "report preview": {
      const parsed = parseReportPreviewArguments(argv.slice(2));
      if (!parsed.ok) return { exitCode: 2, output: `${parsed.error}\n\n${USAGE}` };
      const orgFile = loadConfig().orgFile;
      const command: DatabaseCommand = { command: "report-preview", ...parsed.value, ...(orgFile ? { organisationFile: readFile(orgFile) } : {}) };
      return runOnDatabase(() => command);
    }
    case "seismograph preview": {
      const parsed = parseSeismographPreviewArguments(argv.slice(2));
      if (!parsed.ok) return { exitCode: 2, output: `${parsed.error}\n\n${USAGE}` };
      const orgFile = loadConfig().orgFile;
      const command: DatabaseCommand = { command: "seismograph-preview", ...parsed.value, ...(orgFile ? { organisationFile: readFile(orgFile) } : {}) };
      return runOnDatabase(() => command);
    }
    case "report status": {
      const parsed = parseReportStatusArguments(argv.slice(2));
      if (!parsed.ok) return { exitCode: 2, output: `${parsed.error}\n\n${USAGE}` };
      const command: DatabaseCommand = { command: "report-status", ...parsed.value };
      return runOnDatabase(() => command);
    }
    case "complaints import": {
      const parsed = parseComplaintsImportArguments(argv.slice(2));
      if (!parsed.ok) return { exitCode: 2, output: `${parsed.error}\n\n${USAGE}` };
      const { file: csv, mapping } = parsed.value;
      if (!existsSync(csv) || !statSync(csv).isFile()) return { exitCode: 2, output: `${csv}: file not found or unreadable` };
      const config = loadConfig();
      return runOnDatabase(
        // The server may not see this process's files: it gets the content (held whole in its memory).
        () => ({ command: "complaints-import", fileName: csv, content: readFileSync(csv, "utf8"), mapping }),
        // Here the file is streamed; the time zone comes from ORG_FILE when set.
        (db) =>
          runComplaintsImport(db, createReadStream(csv), mapping, {
            complaintsSecret: config.complaintsWebhookSecret,
            organisation: config.orgFile ? organisationOf(readFile(config.orgFile)) : undefined,
          }),
      );
    }
    case "org sync": {
      const [source, ...flags] = argv.slice(2);
      const known = DIRECTORY_SOURCES.find((name) => name === source);
      if (!known || flags.some((flag) => flag !== "--dry-run")) return { exitCode: 2, output: `Expected \`org sync slack|microsoft365 [--dry-run]\`.\n\n${USAGE}` };
      const config = loadConfig();
      const command: DatabaseCommand = { command: "people-sync", source: known, dryRun: flags.includes("--dry-run") };
      return runOnDatabase(
        () => command,
        // Here this process's own credentials read the directory; through the socket, the server's.
        (db) => runDatabaseCommand(command, db, { peopleSources: peopleSourceReaders(config, createLogger("silent")) }),
      );
    }
    case "org import-people": {
      const parsed = parsePeopleImportArguments(argv.slice(2));
      if (!parsed.ok) return { exitCode: 2, output: `${parsed.error}\n\n${USAGE}` };
      const args = parsed.value;
      if (!existsSync(args.file) || !statSync(args.file).isFile()) return { exitCode: 2, output: `${args.file}: file not found or unreadable` };
      return runOnDatabase(
        () => ({ command: "people-import", fileName: args.file, content: readFileSync(args.file, "utf8"), mapping: args.mapping, dryRun: args.dryRun, removeMissing: args.removeMissing }),
        (db) => runPeopleImport(db, createReadStream(args.file), args, {}),
      );
    }
    default:
      return { exitCode: 2, output: USAGE };
  }
}

/** The command line: prints the result (errors to stderr) and sets the exit code. */
export function main(argv: string[]): Promise<void> {
  return run(argv)
    .then(({ exitCode, output }) => {
      (exitCode === 0 ? console.log : console.error)(output);
      process.exitCode = exitCode;
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    });
}

if (require.main === module) void main(process.argv.slice(2));
