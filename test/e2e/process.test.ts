import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { cleanEnv, runBot, runCli, waitForOutput } from "../helpers/processes";

/**
 * The bot and the CLI as an administrator runs them: real processes, real exit codes, and
 * the embedded database shared through the running server.
 */

const baseEnv = cleanEnv();

describe("npm start and the CLI", () => {
  it("stops with one clear message and a non-zero exit when the organisation file is broken, writing nothing", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bot-"));
    const orgFile = path.join(dir, "org.yml");
    writeFileSync(orgFile, "company: { name: Acme, timezone: Mars/Olympus, locale: he }\ndepartments: []\nemployees: []\n");
    const bot = runBot({ ...baseEnv, PORT: "0", DATA_DIR: dir, ORG_FILE: orgFile });
    expect(await bot.exit).toBe(1);
    expect(bot.output()).toContain(orgFile);
    expect(bot.output()).toContain("company.timezone");
    expect(existsSync(path.join(dir, "pglite"))).toBe(false);
  });

  it("stops with a clear message when DATABASE_URL cannot be reached", async () => {
    const bot = runBot({ ...baseEnv, PORT: "0", DATABASE_URL: "postgresql://nobody:secret@127.0.0.1:1/none" });
    expect(await bot.exit).toBe(1);
    expect(bot.output()).toContain("Cannot connect to PostgreSQL at postgresql://nobody:***@127.0.0.1:1/none");
    expect(bot.output()).not.toContain("secret");
  });

  it("imports ORG_FILE before it is ready, and again on SIGHUP", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bot-"));
    const bot = runBot({ ...baseEnv, PORT: "0", DATA_DIR: dir, ORG_FILE: "examples/org.yml" });
    try {
      await waitForOutput(bot.output, /Ready at http/);
      expect(bot.output()).toMatch(/Organisation imported from examples\/org.yml \(start-up\)/);
      bot.child.kill("SIGHUP");
      await waitForOutput(bot.output, /Organisation imported from examples\/org.yml \(SIGHUP\)/);
    } finally {
      bot.child.kill("SIGTERM");
    }
    expect(await bot.exit).toBe(0);
  });

  it("starts without credentials, says which are missing, lets the CLI use its database, and stops on SIGTERM", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bot-"));
    const env = { ...baseEnv, PORT: "0", DATA_DIR: dir };
    const bot = runBot(env);
    try {
      const [, port] = await waitForOutput(bot.output, /Ready at http:\/\/127\.0\.0\.1:(\d+)/);
      await waitForOutput(bot.output, /Complaints webhook: off/);
      expect(bot.output()).toContain("Slack: off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP), or SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode");
      expect(bot.output()).toContain("Teams: off: set TEAMS_APP_ID and TEAMS_APP_PASSWORD");
      // Alive but not ready: nobody to plan for until an organisation is loaded.
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const readiness = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(readiness.status).toBe(503);
      expect(await readiness.json()).toEqual({ ready: false, database: true, organisation: false });

      // A second process must not open the embedded database; the CLI goes through the server.
      const imported = runCli(["org", "import", "examples/org.yml"], env);
      expect(imported).toMatchObject({ code: 0 });
      expect(imported.out).toMatch(/employees 1\d new/);
      expect(runCli(["org", "import", "examples/org.yml"], env).out).toContain("unchanged");

      const second = runBot(env);
      expect(await second.exit).toBe(1);
      expect(second.output()).toContain("is in use by process");
    } finally {
      bot.child.kill("SIGTERM");
    }
    expect(await bot.exit).toBe(0);
    expect(bot.output()).toContain("Stopped");
  });

  it("org check reports the file, the field and what was expected", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bot-"));
    const file = path.join(dir, "org.yml");
    writeFileSync(file, "company: { name: Acme, timezone: Asia/Jerusalem, locale: fr }\ndepartments: []\nemployees: []\n");
    const result = runCli(["org", "check", file], baseEnv);
    expect(result.code).toBe(1);
    expect(result.out).toContain(file);
    expect(result.out).toContain("company.locale");
    expect(runCli(["org", "check", "examples/org.yml"], baseEnv)).toMatchObject({ code: 0 });
  });
});
