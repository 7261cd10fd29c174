import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { BOT_START_TIMEOUT_MS, startBot, type RunningBot } from "../helpers/bot";
import { createScratchPostgres, databaseKinds, type DatabaseKind } from "../helpers/databases";
import { cleanEnv, runCliBeside } from "../helpers/processes";
import { eventually } from "../helpers/wait";

/**
 * The database is the organisation's home: a server started without ORG_FILE runs from the
 * last import, and an import through the CLI reaches every running server without a restart.
 * The CLI is a real process, as an administrator runs it: on the embedded database it goes
 * through the server's admin socket, on PostgreSQL it writes to the database itself and the
 * replicas hear of it.
 */

interface SharedDatabase {
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function sharedDatabase(kind: DatabaseKind): Promise<SharedDatabase> {
  if (kind === "pglite") {
    return { env: { DATA_DIR: mkdtempSync(path.join(tmpdir(), "org-live-")) }, drop: async () => undefined };
  }
  const scratch = await createScratchPostgres({ migrated: true });
  return { env: { DATABASE_URL: scratch.url }, drop: scratch.drop };
}

async function readiness(bot: RunningBot): Promise<unknown> {
  return (await fetch(`${bot.base}/readyz`)).json();
}

const READY = { ready: true, database: true, organisation: true };
const NO_ORGANISATION = { ready: false, database: true, organisation: false };
const IMPORTED = "Imported examples/org.yml: departments 4 new, 0 updated, 0 deactivated; employees 12 new, 0 updated, 0 deactivated.\n";
/** The first line of `rotation report`, which needs the organisation's settings. */
const REPORT_HEADER = "email,name,department,department_name,fte,target_hours,worked_hours,scheduled_hours,shifts,difference_hours,active";

describe.each(databaseKinds)("the organisation in the database, on %s", (kind) => {
  let database: SharedDatabase | undefined;
  const bots: RunningBot[] = [];

  beforeEach(async () => {
    database = await sharedDatabase(kind);
  }, BOT_START_TIMEOUT_MS);
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.stop();
    await database?.drop();
  }, BOT_START_TIMEOUT_MS);

  async function startWithoutOrgFile(): Promise<RunningBot> {
    const bot = await startBot(kind, "examples/org.yml", { ...database!.env, ORG_FILE: "" });
    bots.push(bot);
    return bot;
  }

  function cli(...args: string[]) {
    return runCliBeside(args, { ...cleanEnv(), ...database!.env });
  }

  async function becomesReady(bot: RunningBot): Promise<void> {
    await eventually(async () => JSON.stringify(await readiness(bot)) === JSON.stringify(READY));
  }

  it(
    "a CLI import takes effect in the running server without a restart, and a restart without ORG_FILE keeps it",
    async () => {
      const bot = await startWithoutOrgFile();
      expect(await readiness(bot)).toEqual(NO_ORGANISATION);
      expect(await bot.app.db.prisma.shift.count()).toBe(0);

      expect(await cli("org", "import", "examples/org.yml")).toMatchObject({ code: 0, stdout: IMPORTED });
      await becomesReady(bot);
      // The rotation is planned from the imported support line, as after a start with ORG_FILE.
      await eventually(async () => (await bot.app.db.prisma.shift.count()) > 0);

      await bot.stop();
      bots.splice(0);
      const restarted = await startWithoutOrgFile();
      expect(await readiness(restarted)).toEqual(READY);
      const report = await cli("rotation", "report", "--from", "2026-01-01", "--to", "2026-01-31");
      expect(report.code).toBe(0);
      expect(report.stdout.split(/\r?\n/)[0]).toBe(REPORT_HEADER);
    },
    BOT_START_TIMEOUT_MS,
  );

  it(
    "org export prints the file last imported, and importing it back changes nothing",
    async () => {
      await startWithoutOrgFile();
      expect(await cli("org", "export")).toMatchObject({
        code: 1,
        out: "No organisation has been imported yet: run `npm run cli -- org import <file>` first.\n",
      });
      await cli("org", "import", "examples/org.yml");
      const exported = await cli("org", "export");
      expect(exported).toMatchObject({ code: 0, stdout: readFileSync("examples/org.yml", "utf8") });
      const file = path.join(mkdtempSync(path.join(tmpdir(), "org-export-")), "exported.yml");
      writeFileSync(file, exported.stdout);
      expect(await cli("org", "import", file)).toMatchObject({ code: 0, stdout: `${file} is unchanged since the last import: nothing to do.\n` });
    },
    BOT_START_TIMEOUT_MS,
  );

  it(
    "people from an HR export reach the running server: the rotation report sees the person in their new department",
    async () => {
      await startWithoutOrgFile();
      await cli("org", "import", "examples/org.yml");
      const csv = path.join(mkdtempSync(path.join(tmpdir(), "people-")), "people.csv");
      writeFileSync(csv, "Work Email,Full Name,Team,FTE\r\nmoshe@acme.example,משה כהן,שירות לקוחות,80%\r\n");
      const dry = await cli("org", "import-people", csv, "--map", "email=Work Email,name=Full Name,department=Team,fte=FTE", "--dry-run");
      expect(dry).toMatchObject({
        code: 0,
        stdout: `${csv}: 0 new, 1 updated, 0 unchanged, 0 gone; 0 problem(s).\n~ moshe@acme.example: department billing → support, fte 0.5 → 0.8\nDry run: nothing was imported.\n`,
      });
      const imported = await cli("org", "import-people", csv, "--map", "email=Work Email,name=Full Name,department=Team,fte=FTE");
      expect(imported).toMatchObject({ code: 0, stdout: `${csv}: 0 new, 1 updated, 0 unchanged, 0 gone; 0 problem(s).\nImported: the running server takes it up within seconds.\n` });
      const report = await cli("rotation", "report", "--from", "2026-01-01", "--to", "2026-01-31", "--department", "support");
      expect(report.stdout).toMatch(/^moshe@acme\.example,משה כהן,support,שירות לקוחות,0\.8,/m);
    },
    BOT_START_TIMEOUT_MS,
  );

  if (kind === "postgres") {
    it(
      "a CLI import reaches a second replica too",
      async () => {
        const first = await startWithoutOrgFile();
        const second = await startWithoutOrgFile();
        expect(await readiness(second)).toEqual(NO_ORGANISATION);
        expect(await cli("org", "import", "examples/org.yml")).toMatchObject({ code: 0, stdout: IMPORTED });
        await becomesReady(first);
        await becomesReady(second);
      },
      BOT_START_TIMEOUT_MS,
    );
  }
});
