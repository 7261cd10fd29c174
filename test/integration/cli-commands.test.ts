import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main, run } from "../../src/cli/main";
import { adminSocketPath, startAdminSocket } from "../../src/http/admin-socket";
import { createLogger } from "../../src/logger";
import { openDatabase, type Database } from "../../src/store/database";
import { PGLITE_TEMPLATE_ENV } from "../helpers/database-templates";
import { createScratchPostgres, databaseKinds, DATABASE_START_TIMEOUT_MS, migratedDatabase, type DatabaseKind } from "../helpers/databases";

/**
 * `npm run cli -- …` run in this process (child processes are not measured for coverage),
 * against real databases: the embedded one in a temporary DATA_DIR, PostgreSQL through
 * DATABASE_URL, and the server's admin socket when a server holds the embedded one.
 */

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

const ORG = `company: { name: Acme, timezone: Asia/Jerusalem, locale: en }
departments:
  - { key: billing, name: Billing }
  - { key: support, name: Support }
employees:
  - { email: dana@acme.example, name: Dana Levi, department: billing }
  - { email: omer@acme.example, name: Omer Cohen, department: support, fte: 0.5 }
support_line: { share: 0.10 }
`;

const MIGRATIONS = [
  "20261122000000_init",
  "20261122155915_idea_search_and_drafts",
  "20261122164500_idea_search_index_without_pending_list",
  "20261122181019_rotation_reminders_and_presence",
  "20261122202503_complaint_attribution_themes_and_charts",
  "20261122204626_story_drafts_and_personal_data",
  "20261202150000_organisation_document",
  "20261203120000_web_surface",
  "20261204143417_web_sessions",
  "20261204185306_monthly_report",
  "20261206204339_scim_people_changes",
  "20261206210000_outbox_conversation_index",
];

const SETTINGS = ["DATABASE_URL", "DATA_DIR", "ORG_FILE", "COMPLAINTS_WEBHOOK_SECRET", "PORT", "LOG_LEVEL", "LOG_FORMAT", "PUBLIC_URL", "SLACK_API_URL"];
const saved = Object.fromEntries(SETTINGS.map((k) => [k, process.env[k]]));

/** The CLI's environment for one test: only these settings. */
function useEnv(vars: Record<string, string>): void {
  for (const key of SETTINGS) delete process.env[key];
  Object.assign(process.env, vars);
}

afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "scb-cli-"));
  dirs.push(dir);
  return dir;
}
function file(name: string, content: string): string {
  const at = path.join(tempDir(), name);
  writeFileSync(at, content);
  return at;
}

const children: ChildProcess[] = [];
function liveProcess(): number {
  const child = spawn("sleep", ["600"], { stdio: "ignore" });
  children.push(child);
  if (child.pid === undefined) throw new Error("sleep did not start");
  return child.pid;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}, DATABASE_START_TIMEOUT_MS);

/** Where the CLI finds a database: the settings that point at it, and how a test looks inside. */
interface Target {
  env: Record<string, string>;
  open(): Promise<Database>;
  dataDir?: string;
}

/** A migrated database of the kind, or (`empty`) one without any migration applied. */
async function target(kind: DatabaseKind, empty = false): Promise<Target> {
  if (kind === "postgres") {
    const scratch = await createScratchPostgres({ migrated: !empty });
    cleanups.push(scratch.drop);
    return { env: { DATABASE_URL: scratch.url }, open: () => openDatabase({ kind: "postgres", url: scratch.url }) };
  }
  const dataDir = tempDir();
  const template = process.env[PGLITE_TEMPLATE_ENV];
  if (!empty) {
    if (!template) throw new Error(`${PGLITE_TEMPLATE_ENV} is not set: run under Jest's global setup`);
    cpSync(path.join(template, "pglite"), path.join(dataDir, "pglite"), { recursive: true });
  }
  return { env: { DATA_DIR: dataDir }, dataDir, open: () => openDatabase({ kind: "pglite", dataDir: path.join(dataDir, "pglite") }) };
}

async function inside<T>(t: Target, look: (db: Database) => Promise<T>): Promise<T> {
  const db = await t.open();
  try {
    return await look(db);
  } finally {
    await db.close();
  }
}

describe("the CLI without a database", () => {
  it("prints the usage, exit code 2, for no command, an unknown one or half of one", async () => {
    await expect(run([])).resolves.toEqual({ exitCode: 2, output: USAGE });
    await expect(run(["org"])).resolves.toEqual({ exitCode: 2, output: USAGE });
    await expect(run(["db", "drop"])).resolves.toEqual({ exitCode: 2, output: USAGE });
    await expect(run(["help"])).resolves.toEqual({ exitCode: 2, output: USAGE });
  });

  it("org check reports a valid file's size and changes nothing", async () => {
    const org = file("org.yml", ORG);
    await expect(run(["org", "check", org])).resolves.toEqual({ exitCode: 0, output: `${org} is valid: 2 departments, 2 employees.` });
  });

  it("org check needs a file, one that exists, and a valid one", async () => {
    await expect(run(["org", "check"])).rejects.toMatchObject({ name: "ConfigError", message: `A file is required.\n\n${USAGE}` });
    const missing = path.join(tempDir(), "missing.yml");
    await expect(run(["org", "check", missing])).rejects.toMatchObject({
      name: "OrganisationFileError",
      message: `${missing}: file not found or unreadable`,
    });
    const directory = tempDir();
    await expect(run(["org", "check", directory])).rejects.toMatchObject({ message: `${directory}: file not found or unreadable` });
    const bad = file("bad.yml", "company: { name: Acme, timezone: Mars/Olympus, locale: en }\ndepartments: []\nemployees: []\n");
    await expect(run(["org", "check", bad])).rejects.toMatchObject({ name: "OrganisationFileError", fileName: bad });
  });

  it("org import needs a file before it looks for a database", async () => {
    useEnv({ DATABASE_URL: "postgresql://nobody@127.0.0.1:1/never" });
    await expect(run(["org", "import"])).rejects.toMatchObject({ name: "ConfigError", message: `A file is required.\n\n${USAGE}` });
    const missing = path.join(tempDir(), "missing.yml");
    await expect(run(["org", "import", missing])).rejects.toMatchObject({ message: `${missing}: file not found or unreadable` });
  });

  it("refuses an environment it cannot use, naming the variable", async () => {
    useEnv({ DATABASE_URL: "mysql://db/bot" });
    await expect(run(["db", "migrate"])).rejects.toMatchObject({
      name: "ConfigError",
      message: "Invalid environment: DATABASE_URL: expected a PostgreSQL URL such as postgresql://user:password@host:5432/database",
    });
  });

  it("rotation report: wrong options exit 2 with what is wrong and the usage", async () => {
    await expect(run(["rotation", "report"])).resolves.toEqual({ exitCode: 2, output: `--from: required\n--to: required\n\n${USAGE}` });
    await expect(run(["rotation", "report", "--from", "2026-11-30", "--to", "2026-11-01"])).resolves.toEqual({
      exitCode: 2,
      output: `--to: expected a date on or after --from\n\n${USAGE}`,
    });
    await expect(run(["rotation", "report", "--from", "01.11.2026", "--to", "2026-12-01", "--department", "Billing"])).resolves.toEqual({
      exitCode: 2,
      output: `--from: expected a date written YYYY-MM-DD, found "01.11.2026"\n--department: expected a department key such as billing\n\n${USAGE}`,
    });
    const unknownOption = await run(["rotation", "report", "--from", "2026-11-01", "--to", "2026-11-30", "--dept", "billing"]);
    expect(unknownOption.exitCode).toBe(2);
    expect(unknownOption.output).toMatch(/^Unknown option '--dept'/);
    expect(unknownOption.output.endsWith(`\n\n${USAGE}`)).toBe(true);
    const positional = await run(["rotation", "report", "billing", "--from", "2026-11-01", "--to", "2026-11-30"]);
    expect(positional.exitCode).toBe(2);
    expect(positional.output).toMatch(/^Unexpected argument 'billing'/);
  });

  it("rotation report: an ORG_FILE that is missing is named", async () => {
    const missing = path.join(tempDir(), "org.yml");
    useEnv({ ORG_FILE: missing, DATABASE_URL: "postgresql://nobody@127.0.0.1:1/never" });
    await expect(run(["rotation", "report", "--from", "2026-11-01", "--to", "2026-11-05"])).rejects.toMatchObject({
      message: `${missing}: file not found or unreadable`,
    });
  });

  it("digest preview: wrong arguments exit 2 with what is wrong and the usage", async () => {
    await expect(run(["digest", "preview"])).resolves.toEqual({ exitCode: 2, output: `expected one department key (or company)\n\n${USAGE}` });
    await expect(run(["digest", "preview", "billing", "support"])).resolves.toEqual({
      exitCode: 2,
      output: `expected one department key (or company)\n\n${USAGE}`,
    });
    await expect(run(["digest", "preview", "2billing", "--week", "2026-47", "--lang", "fr"])).resolves.toEqual({
      exitCode: 2,
      output:
        "department: expected a department key such as billing, or company\n" +
        "--week: expected an ISO week written YYYY-Www, such as 2026-W47\n" +
        `--lang: expected he or en\n\n${USAGE}`,
    });
    const unknownOption = await run(["digest", "preview", "billing", "--month", "11"]);
    expect(unknownOption.exitCode).toBe(2);
    expect(unknownOption.output).toMatch(/^Unknown option '--month'/);
  });

  it("report preview and report status: wrong arguments exit 2 with what is wrong and the usage", async () => {
    await expect(run(["report", "preview", "--as", "dana", "--month", "2026-13"])).resolves.toEqual({
      exitCode: 2,
      output: `--month: expected a month written YYYY-MM, such as 2026-11\n--as: expected the email of an employee, such as dana@acme.example\n\n${USAGE}`,
    });
    await expect(run(["report", "status", "--month", "November"])).resolves.toEqual({ exitCode: 2, output: `--month: expected a month written YYYY-MM, such as 2026-11\n\n${USAGE}` });
  });

  it("seismograph preview: wrong arguments exit 2 with what is wrong and the usage", async () => {
    await expect(run(["seismograph", "preview", "--month", "11/2026", "--lang", "fr"])).resolves.toEqual({
      exitCode: 2,
      output: `--month: expected a month written YYYY-MM, such as 2026-11\n--lang: expected he or en\n\n${USAGE}`,
    });
    const positional = await run(["seismograph", "preview", "billing"]);
    expect(positional.exitCode).toBe(2);
    expect(positional.output.endsWith(`\n\n${USAGE}`)).toBe(true);
  });

  it("digest preview: an ORG_FILE that is missing is named", async () => {
    const missing = path.join(tempDir(), "org.yml");
    useEnv({ ORG_FILE: missing, DATABASE_URL: "postgresql://nobody@127.0.0.1:1/never" });
    await expect(run(["digest", "preview", "company"])).rejects.toMatchObject({ message: `${missing}: file not found or unreadable` });
  });

  it("complaints import: wrong arguments exit 2 with what is wrong and the usage", async () => {
    await expect(run(["complaints", "import"])).resolves.toEqual({ exitCode: 2, output: `Expected exactly one CSV file.\n\n${USAGE}` });
    await expect(run(["complaints", "import", "a.csv", "b.csv"])).resolves.toEqual({ exitCode: 2, output: `Expected exactly one CSV file.\n\n${USAGE}` });
    await expect(run(["complaints", "import", "a.csv", "--map", "ticket=Ticket,text", "--map", "id=A,id=B,,"])).resolves.toEqual({
      exitCode: 2,
      output:
        '--map: unknown field "ticket" (known: id, received_at, channel, category, department, text, customer, returned, ' +
        "credit_amount, credit_currency, legal_threat, churn_threat, retained, reopened)\n" +
        "--map: expected text=<column name>\n" +
        `--map: id is mapped more than once\n\n${USAGE}`,
    });
    const unknownOption = await run(["complaints", "import", "a.csv", "--mapping", "id=A"]);
    expect(unknownOption.exitCode).toBe(2);
    expect(unknownOption.output).toMatch(/^Unknown option '--mapping'/);
  });

  it("complaints import: a file that is missing or a directory exits 2 before any database is opened", async () => {
    useEnv({ DATABASE_URL: "postgresql://nobody@127.0.0.1:1/never" });
    const missing = path.join(tempDir(), "complaints.csv");
    await expect(run(["complaints", "import", missing])).resolves.toEqual({ exitCode: 2, output: `${missing}: file not found or unreadable` });
    const directory = tempDir();
    await expect(run(["complaints", "import", directory])).resolves.toEqual({ exitCode: 2, output: `${directory}: file not found or unreadable` });
  });
});

describe("main: what the person at the terminal sees", () => {
  const before = process.exitCode;
  let log: jest.SpyInstance;
  let error: jest.SpyInstance;
  beforeEach(() => {
    log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    error = jest.spyOn(console, "error").mockImplementation(() => undefined);
  });
  afterEach(() => {
    log?.mockRestore();
    error?.mockRestore();
    process.exitCode = before;
  });

  it("a success goes to stdout with exit code 0", async () => {
    const org = file("org.yml", ORG);
    await main(["org", "check", org]);
    expect(process.exitCode).toBe(0);
    expect(log.mock.calls).toEqual([[`${org} is valid: 2 departments, 2 employees.`]]);
    expect(error).not.toHaveBeenCalled();
  });

  it("the usage goes to stderr with exit code 2", async () => {
    await main(["nothing"]);
    expect(process.exitCode).toBe(2);
    expect(error.mock.calls).toEqual([[USAGE]]);
    expect(log).not.toHaveBeenCalled();
  });

  it("an error thrown is printed as its message alone, exit code 1", async () => {
    const missing = path.join(tempDir(), "missing.yml");
    await main(["org", "check", missing]);
    expect(process.exitCode).toBe(1);
    expect(error.mock.calls).toEqual([[`${missing}: file not found or unreadable`]]);
  });
});

describe.each(databaseKinds)("the CLI on %s", (kind) => {
  it(
    "db migrate applies every migration to an empty database, then finds it up to date",
    async () => {
      const t = await target(kind, true);
      useEnv(t.env);
      await expect(run(["db", "migrate"])).resolves.toEqual({ exitCode: 0, output: `Applied ${MIGRATIONS.length} migration(s): ${MIGRATIONS.join(", ")}` });
      await expect(run(["db", "migrate"])).resolves.toEqual({ exitCode: 0, output: "The database is up to date." });
      if (t.dataDir) expect(existsSync(path.join(t.dataDir, "pglite.lock"))).toBe(false);
    },
    DATABASE_START_TIMEOUT_MS,
  );

  it(
    "org import imports the file, then finds it unchanged; a changed file updates",
    async () => {
      const t = await target(kind);
      useEnv(t.env);
      const org = file("org.yml", ORG);
      await expect(run(["org", "import", org])).resolves.toEqual({
        exitCode: 0,
        output: `Imported ${org}: departments 2 new, 0 updated, 0 deactivated; employees 2 new, 0 updated, 0 deactivated.`,
      });
      await expect(run(["org", "import", org])).resolves.toEqual({ exitCode: 0, output: `${org} is unchanged since the last import: nothing to do.` });
      writeFileSync(org, ORG.replace("  - { key: support, name: Support }\n", "").replace(/ {2}- \{ email: omer.*\n/, ""));
      await expect(run(["org", "import", org])).resolves.toEqual({
        exitCode: 0,
        // Every department and employee still in the file counts as updated, changed or not.
        output: `Imported ${org}: departments 0 new, 1 updated, 1 deactivated; employees 0 new, 1 updated, 1 deactivated.`,
      });
      const active = await inside(t, (db) => db.prisma.employee.findMany({ where: { active: true }, select: { email: true } }));
      expect(active).toEqual([{ email: "dana@acme.example" }]);
      if (t.dataDir) expect(existsSync(path.join(t.dataDir, "pglite.lock"))).toBe(false);
    },
    DATABASE_START_TIMEOUT_MS,
  );

  it(
    "org import of an invalid file exits 1 with its problems and stores nothing",
    async () => {
      const t = await target(kind);
      useEnv(t.env);
      const org = file("org.yml", ORG.replace("department: support", "department: sales"));
      const result = await run(["org", "import", org]);
      expect(result.exitCode).toBe(1);
      expect(result.output.startsWith(`${org}: `)).toBe(true);
      expect(result.output).toContain('"sales"');
      expect(await inside(t, (db) => db.prisma.employee.count())).toBe(0);
    },
    DATABASE_START_TIMEOUT_MS,
  );

  it(
    "rotation report: exit 1 before any import; then CSV of each person's hours, from the last import or from ORG_FILE; an unknown department, exit 1",
    async () => {
      const t = await target(kind);
      const org = file("org.yml", ORG);
      useEnv(t.env);
      await expect(run(["rotation", "report", "--from", "2026-11-01", "--to", "2026-11-05"])).resolves.toEqual({
        exitCode: 1,
        output: "No organisation has been imported yet: run `npm run cli -- org import <file>` first, or set ORG_FILE.",
      });
      await run(["org", "import", org]);
      // 1–5 November 2026 is Sunday to Thursday, five working days in Israel:
      // 10 % of 8 hours a day is 4 hours for Dana, half of that for Omer (FTE 0.5); no shifts yet.
      const header = "email,name,department,department_name,fte,target_hours,worked_hours,scheduled_hours,shifts,difference_hours,active";
      const everyone = [
        header,
        "dana@acme.example,Dana Levi,billing,Billing,1,4.00,0.00,0.00,0,-4.00,true",
        "omer@acme.example,Omer Cohen,support,Support,0.5,2.00,0.00,0.00,0,-2.00,true",
      ].join("\r\n");
      await expect(run(["rotation", "report", "--from", "2026-11-01", "--to", "2026-11-05"])).resolves.toEqual({ exitCode: 0, output: everyone });
      useEnv({ ...t.env, ORG_FILE: org });
      await expect(run(["rotation", "report", "--from", "2026-11-01", "--to", "2026-11-05"])).resolves.toEqual({ exitCode: 0, output: everyone });
      await expect(run(["rotation", "report", "--from", "2026-11-01", "--to", "2026-11-05", "--department", "support"])).resolves.toEqual({
        exitCode: 0,
        output: [header, "omer@acme.example,Omer Cohen,support,Support,0.5,2.00,0.00,0.00,0,-2.00,true"].join("\r\n"),
      });
      await expect(run(["rotation", "report", "--from", "2026-11-01", "--to", "2026-11-05", "--department", "sales"])).resolves.toEqual({
        exitCode: 1,
        output: 'Unknown department "sales" (known: billing, support)',
      });
    },
    DATABASE_START_TIMEOUT_MS,
  );

  it(
    "report preview prints a person's report in their language, exit 1 for someone unknown; report status says what was sent",
    async () => {
      const t = await target(kind);
      const org = file("org.yml", ORG);
      useEnv({ ...t.env, ORG_FILE: org });
      await run(["org", "import", org]);
      await expect(run(["report", "preview", "--as", "nobody@acme.example"])).resolves.toEqual({ exitCode: 1, output: "No active employee has the email nobody@acme.example." });
      const preview = await run(["report", "preview", "--as", "Omer@acme.example", "--month", "2026-11"]);
      expect(preview.exitCode).toBe(0);
      expect(preview.output.split("\n").slice(0, 5)).toEqual([
        "Your service report · November 2026",
        "===================================",
        "",
        "  Preview of Omer Cohen's report: not sent. Only you can see this.",
        "",
      ]);
      await expect(run(["report", "status"])).resolves.toEqual({ exitCode: 0, output: "No monthly report has been sent yet." });
      await expect(run(["report", "status", "--month", "2026-11"])).resolves.toEqual({
        exitCode: 0,
        output: "Monthly service reports of 2026-11: 0 of 0 time zone(s) queued.\nNo report is in the outbox.",
      });
    },
    DATABASE_START_TIMEOUT_MS,
  );

  it(
    "digest preview: an unknown department lists the known ones, exit 1; the company's digest prints",
    async () => {
      const t = await target(kind);
      const org = file("org.yml", ORG);
      useEnv({ ...t.env, ORG_FILE: org });
      await expect(run(["digest", "preview", "billing"])).resolves.toEqual({ exitCode: 1, output: 'There is no department "billing". Known: none.' });
      await run(["org", "import", org]);
      await expect(run(["digest", "preview", "Sales"])).resolves.toEqual({ exitCode: 1, output: 'There is no department "sales". Known: billing, support.' });
      // Posted on Sunday 22 November 2026 (ISO week 47), about the seven days before it.
      await expect(run(["digest", "preview", "billing", "--week", "2026-W47", "--lang", "en"])).resolves.toEqual({
        exitCode: 0,
        output: [
          "Complaints this week · Billing · 15.11–21.11",
          "============================================",
          "",
          "  Preview: not posted. Only you can see this.",
          "",
          "No complaints this week.",
        ].join("\n"),
      });
      // Without ORG_FILE the departments come from the database.
      useEnv(t.env);
      await expect(run(["digest", "preview", "company", "--week", "2026-W47", "--lang", "en"])).resolves.toEqual({
        exitCode: 0,
        output: [
          "Complaints across the company · 15.11–21.11",
          "===========================================",
          "",
          "  Preview: not posted. Only you can see this.",
          "",
          "0 complaints in all.",
          "",
          "• Billing: 0 · no change against last week · no change against the 4-week average",
          "   repeats 0 · legal threats 0 · kept 0",
          "• Support: 0 · no change against last week · no change against the 4-week average",
          "   repeats 0 · legal threats 0 · kept 0",
        ].join("\n"),
      });
    },
    DATABASE_START_TIMEOUT_MS,
  );

  it(
    "complaints import: renamed columns, the company's time zone from ORG_FILE, a bad row by its line, nothing twice",
    async () => {
      const t = await target(kind);
      const org = file("org.yml", ORG);
      const id = `cli-${kind}`;
      const csv = file(
        "complaints.csv",
        ["Ticket,Opened,Body,customer", `${id}-1,2026-11-19 10:41,The invoice is unclear,cust-1`, `${id}-2,yesterday,Late,cust-2`, ""].join("\n"),
      );
      useEnv({ ...t.env, ORG_FILE: org, COMPLAINTS_WEBHOOK_SECRET: "cli-secret" });
      const map = ["--map", "id=Ticket,received_at=Opened,text=Body"];
      const first = await run(["complaints", "import", csv, ...map]);
      expect(first.exitCode).toBe(1);
      expect(first.output.split("\n")).toEqual([
        expect.stringMatching(/^line 3: Opened: /),
        "stored 1, duplicates 0 (already imported), bad rows 1, warnings 0",
      ]);
      await expect(run(["complaints", "import", csv, ...map])).resolves.toEqual({
        exitCode: 1,
        output: expect.stringMatching(/\nstored 0, duplicates 1 \(already imported\), bad rows 1, warnings 0$/),
      });
      const stored = await inside(t, (db) => db.prisma.complaint.findMany({ where: { externalId: { startsWith: id } } }));
      expect(stored.map((c) => [c.externalId, c.text, c.receivedAt.toISOString()])).toEqual([[`${id}-1`, "The invoice is unclear", "2026-11-19T08:41:00.000Z"]]);
    },
    DATABASE_START_TIMEOUT_MS,
  );

  it(
    "complaints import: a customer column without COMPLAINTS_WEBHOOK_SECRET exits 2; an invalid ORG_FILE is named",
    async () => {
      const t = await target(kind);
      const csv = file("complaints.csv", "id,received_at,text,customer\nx-1,2026-11-19T08:41:00Z,Late,cust-1\n");
      useEnv(t.env);
      const refused = await run(["complaints", "import", csv]);
      expect(refused.exitCode).toBe(2);
      expect(refused.output).toContain("COMPLAINTS_WEBHOOK_SECRET, which is not set");
      const bad = file("org.yml", "company: [");
      useEnv({ ...t.env, ORG_FILE: bad, COMPLAINTS_WEBHOOK_SECRET: "cli-secret" });
      await expect(run(["complaints", "import", csv])).rejects.toMatchObject({ name: "OrganisationFileError", fileName: bad });
      if (t.dataDir) expect(existsSync(path.join(t.dataDir, "pglite.lock"))).toBe(false);
      expect(await inside(t, (db) => db.prisma.complaint.count())).toBe(0);
    },
    DATABASE_START_TIMEOUT_MS,
  );
});

describe("the CLI and a server holding the embedded database", () => {
  it("refuses a data directory another live process holds without an admin socket", async () => {
    const dir = tempDir();
    const pid = liveProcess();
    writeFileSync(path.join(dir, "pglite.lock"), JSON.stringify({ pid }));
    useEnv({ DATA_DIR: dir });
    await expect(run(["db", "migrate"])).rejects.toMatchObject({
      name: "DataDirLockedError",
      message: `The embedded database in ${dir} is in use by process ${pid}. Only one process may open it: stop that process, or point DATA_DIR elsewhere.`,
    });
  });

  it(
    "hands every command to the server's admin socket, which runs it with its own secret and database",
    async () => {
      const dir = tempDir();
      const db = await migratedDatabase("pglite");
      cleanups.push(() => db.close());
      const socket = adminSocketPath(dir);
      const stop = await startAdminSocket(socket, db, createLogger("silent"), { complaintsSecret: "server-secret" });
      cleanups.push(stop);
      mkdirSync(path.join(dir, "pglite"));
      writeFileSync(path.join(dir, "pglite.lock"), JSON.stringify({ pid: liveProcess(), adminSocket: socket }));
      const org = file("org.yml", ORG);
      // No secret here: only the server's lets the customer column in.
      useEnv({ DATA_DIR: dir, ORG_FILE: org });

      await expect(run(["db", "migrate"])).resolves.toEqual({ exitCode: 0, output: "The database is up to date." });
      await expect(run(["org", "import", org])).resolves.toEqual({
        exitCode: 0,
        output: `Imported ${org}: departments 2 new, 0 updated, 0 deactivated; employees 2 new, 0 updated, 0 deactivated.`,
      });
      const csv = file("complaints.csv", "id,received_at,text,customer\nserver-1,2026-11-19T08:41:00Z,Late,cust-1\n");
      await expect(run(["complaints", "import", csv])).resolves.toEqual({ exitCode: 0, output: "stored 1, duplicates 0 (already imported), bad rows 0, warnings 0" });
      await expect(run(["rotation", "report", "--from", "2026-11-01", "--to", "2026-11-05", "--department", "billing"])).resolves.toEqual({
        exitCode: 0,
        output:
          "email,name,department,department_name,fte,target_hours,worked_hours,scheduled_hours,shifts,difference_hours,active\r\n" +
          "dana@acme.example,Dana Levi,billing,Billing,1,4.00,0.00,0.00,0,-4.00,true",
      });
      await expect(run(["digest", "preview", "sales"])).resolves.toEqual({ exitCode: 1, output: 'There is no department "sales". Known: billing, support.' });

      expect((await db.prisma.complaint.findUnique({ where: { externalId: "server-1" } }))?.text).toBe("Late");
      // The CLI never opened the directory itself.
      expect(existsSync(path.join(dir, "pglite", "PG_VERSION"))).toBe(false);
    },
    DATABASE_START_TIMEOUT_MS,
  );
});

if (databaseKinds.includes("postgres")) {
  describe("the CLI and a PostgreSQL server it cannot use", () => {
    it("names the database it could not reach, its password left out", async () => {
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.pathname = "/scb_no_such_database";
      url.password = "hunter2";
      useEnv({ DATABASE_URL: url.toString() });
      const failure = run(["db", "migrate"]);
      await expect(failure).rejects.toMatchObject({ name: "DatabaseConnectionError" });
      await expect(failure).rejects.toThrow(/^Cannot connect to PostgreSQL at .*scb_no_such_database.* \(DATABASE_URL\): /);
      await expect(failure).rejects.not.toThrow(/hunter2/);
    });
  });
}
