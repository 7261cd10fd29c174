import { existsSync, mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { cleanEnv, runBot, waitForOutput } from "../helpers/processes";

/**
 * What a newcomer meets in the first minute: a wrong setting stops the bot in one line that
 * names the variable, before any database is made; once up, a summary says where it is.
 */

const baseEnv = cleanEnv();
const freshDir = () => mkdtempSync(path.join(tmpdir(), "bot-start-"));

function occupyPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve({ server, port: typeof address === "object" && address ? address.port : 0 });
    }),
  );
}

describe("npm start, first minute", () => {
  it("refuses a PORT that is not a number with one JSON line naming it, and creates no database", async () => {
    const dir = freshDir();
    const bot = runBot({ ...baseEnv, LOG_FORMAT: "json", PORT: "abc", DATA_DIR: dir });
    expect(await bot.exit).toBe(1);
    const lines = bot.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 60, msg: 'Invalid environment: PORT: expected a port number from 0 to 65535, got "abc"' });
    expect(existsSync(path.join(dir, "pglite"))).toBe(false);
  });

  it("finds a port in use before the database is opened, and says which variable to change", async () => {
    const taken = await occupyPort();
    try {
      const dir = freshDir();
      const bot = runBot({ ...baseEnv, LOG_FORMAT: "pretty", PORT: String(taken.port), DATA_DIR: dir, ORG_FILE: "examples/org.yml" });
      expect(await bot.exit).toBe(1);
      expect(bot.output()).toContain(`FATAL: Start-up failed: PORT ${taken.port} is already in use: set PORT to a free port`);
      expect(bot.output()).not.toContain("EADDRINUSE");
      expect(bot.output()).not.toContain('"level"');
      expect(existsSync(path.join(dir, "pglite"))).toBe(false);
    } finally {
      taken.server.close();
    }
  });

  it("reports a missing organisation file on one line naming ORG_FILE", async () => {
    const bot = runBot({ ...baseEnv, LOG_FORMAT: "json", PORT: "0", DATA_DIR: freshDir(), ORG_FILE: "test/fixtures/does-not-exist.yml" });
    expect(await bot.exit).toBe(1);
    const lines = bot.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).msg).toBe("Start-up failed: test/fixtures/does-not-exist.yml: file not found; set ORG_FILE to the path of the organisation file (see examples/org.yml)");
  });

  it("prints where it listens, what came from where, what is off and why, and is ready with an organisation", async () => {
    const bot = runBot({ ...baseEnv, LOG_FORMAT: "pretty", PORT: "0", DATA_DIR: freshDir(), ORG_FILE: "examples/org.yml", COMPLAINTS_WEBHOOK_SECRET: "s3cret-for-the-summary" });
    try {
      const [, port] = await waitForOutput(bot.output, /Ready at http:\/\/127\.0\.0\.1:(\d+) /);
      await waitForOutput(bot.output, /Public address: none/);
      const out = bot.output();
      expect(out).toContain('Organisation: אקמה בע"מ from examples/org.yml, 4 departments, 12 employees');
      expect(out).toContain(`Complaints webhook: on, POST http://127.0.0.1:${port}/api/complaints`);
      expect(out).toContain("Teams: off: set TEAMS_APP_ID and TEAMS_APP_PASSWORD");
      expect(out).not.toContain("s3cret-for-the-summary");
      const readiness = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(await readiness.json()).toEqual({ ready: true, database: true, organisation: true });
      // The pages the Teams package links as its privacy statement and terms.
      const privacy = await fetch(`http://127.0.0.1:${port}/privacy`);
      expect(privacy.status).toBe(200);
      expect(await privacy.text()).toContain("<title>Service Culture: privacy</title>");
    } finally {
      bot.child.kill("SIGTERM");
    }
    expect(await bot.exit).toBe(0);
  });
});
