import { readFileSync } from "node:fs";
import { ConfigError, loadConfig, type Config } from "../config/env";
import { OrganisationFileError, parseOrganisation } from "../config/organisation";
import { sendToAdminSocket } from "../http/admin-socket";
import { openDatabase } from "../store/database";
import { currentHolder, lockDataDir } from "../store/data-dir-lock";
import { runDatabaseCommand, type CommandResult, type DatabaseCommand } from "./commands";
import { parseRotationReportArguments } from "./rotation-report";

const USAGE = `Usage: npm run cli -- <command>

  org check <file>    validate an organisation file; changes nothing
  org import <file>   import an organisation file (idempotent, one transaction)
  db migrate          apply pending database migrations
  rotation report --from YYYY-MM-DD --to YYYY-MM-DD [--department key]
                      hours on the support line per person, as CSV (dates inclusive,
                      company time zone; settings from the server or ORG_FILE)`;

function readFile(file: string | undefined): { fileName: string; content: string } {
  if (!file) throw new ConfigError(`A file is required.\n\n${USAGE}`);
  try {
    return { fileName: file, content: readFileSync(file, "utf8") };
  } catch {
    throw new OrganisationFileError(file, [`file not found or unreadable`]);
  }
}

async function runOpened(command: DatabaseCommand, target: Config["database"]): Promise<CommandResult> {
  const db = await openDatabase(target);
  try {
    return await runDatabaseCommand(command, db);
  } finally {
    await db.close();
  }
}

/** Runs on the database directly, or through the server when it holds the embedded one. */
async function runOnDatabase(command: DatabaseCommand): Promise<CommandResult> {
  const config = loadConfig();
  if (config.database.kind === "postgres") return runOpened(command, config.database);
  const holder = currentHolder(config.dataDir);
  if (holder?.adminSocket) return sendToAdminSocket(holder.adminSocket, command);
  const release = lockDataDir(config.dataDir);
  try {
    return await runOpened(command, config.database);
  } finally {
    release();
  }
}

async function run(argv: string[]): Promise<CommandResult> {
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
    case "org import":
      return runOnDatabase({ command: "org-import", ...readFile(file) });
    case "db migrate":
      return runOnDatabase({ command: "db-migrate" });
    case "rotation report": {
      const parsed = parseRotationReportArguments(argv.slice(2));
      if (!parsed.ok) return { exitCode: 2, output: `${parsed.error}\n\n${USAGE}` };
      const orgFile = loadConfig().orgFile;
      return runOnDatabase({ command: "rotation-report", ...parsed.value, ...(orgFile ? { organisationFile: readFile(orgFile) } : {}) });
    }
    default:
      return { exitCode: 2, output: USAGE };
  }
}

run(process.argv.slice(2))
  .then(({ exitCode, output }) => {
    (exitCode === 0 ? console.log : console.error)(output);
    process.exitCode = exitCode;
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
