import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "../../src/store/database";
import { cleanEnv, runBot, runCli, waitForOutput } from "../helpers/processes";

/**
 * `npm run cli -- complaints import` as an administrator runs it: real processes, on the
 * embedded database opened by the CLI itself, and through the running server.
 */

const baseEnv = cleanEnv();
delete baseEnv.COMPLAINTS_WEBHOOK_SECRET;

const ORG = `company: { name: Acme, timezone: Asia/Jerusalem, locale: he }
departments:
  - { key: billing, name: Billing }
employees: []
`;

/** Renamed columns; the second record spans lines 3 and 4, so the bad row starts on line 5. */
const CSV = [
  "Ticket,Created,Description,customer,department",
  "cli-1,2026-11-19T08:41:00Z,החשבונית לא ברורה,cust-77,billing",
  'cli-2,2026-11-19T09:00:00Z,"two',
  'lines",,',
  "cli-3,not a date,bad,,",
  "",
].join("\n");
const MAP = ["--map", "id=Ticket,received_at=Created", "--map", "text=Description"];

function files(): { dir: string; csv: string; org: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "bot-"));
  const csv = path.join(dir, "complaints.csv");
  const org = path.join(dir, "org.yml");
  writeFileSync(csv, CSV);
  writeFileSync(org, ORG);
  return { dir, csv, org };
}

describe("complaints import", () => {
  it("on its own: usage errors exit 2, bad rows exit 1 with their lines, a second import adds nothing", async () => {
    const { dir, csv } = files();
    const env = { ...baseEnv, DATA_DIR: dir, COMPLAINTS_WEBHOOK_SECRET: "cli-secret" };

    const unknown = runCli(["complaints", "import", csv, "--map", "ticket=Ticket"], env);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain('--map: unknown field "ticket"');

    const refused = runCli(["complaints", "import", csv, ...MAP], { ...env, COMPLAINTS_WEBHOOK_SECRET: "" });
    expect(refused.code).toBe(2);
    expect(refused.out).toContain("COMPLAINTS_WEBHOOK_SECRET");

    const first = runCli(["complaints", "import", csv, ...MAP], env);
    expect(first.code).toBe(1);
    expect(first.out).toContain("line 5: Created: expected an ISO 8601 date-time with offset");
    // No organisation imported here: the department is unknown, the complaint kept without it.
    expect(first.out).toContain(`warning: line 2: department: unknown department "billing"; attributed by the departments' rules instead`);
    expect(first.out).toContain("stored 2, duplicates 0 (already imported), bad rows 1, warnings 1");

    const second = runCli(["complaints", "import", csv, ...MAP], env);
    expect(second.code).toBe(1);
    expect(second.out).toContain("stored 0, duplicates 2 (already imported), bad rows 1, warnings 0");

    const db = await openDatabase({ kind: "pglite", dataDir: path.join(dir, "pglite") });
    try {
      const rows = await db.prisma.complaint.findMany({ orderBy: { externalId: "asc" } });
      expect(rows.map((r) => [r.externalId, r.text])).toEqual([
        ["cli-1", "החשבונית לא ברורה"],
        ["cli-2", "two\nlines"],
      ]);
      expect(rows[0]!.customerHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(rows)).not.toContain("cust-77");
    } finally {
      await db.close();
    }
  });

  it("through the running server, with the server's secret and the company's time zone", async () => {
    const { dir, csv, org } = files();
    writeFileSync(csv, `${CSV}cli-4,2026-11-20 10:30,local time,,billing\n`);
    const bot = runBot({ ...baseEnv, PORT: "0", DATA_DIR: dir, ORG_FILE: org, COMPLAINTS_WEBHOOK_SECRET: "server-secret" });
    try {
      await waitForOutput(bot.output, /Ready at http/);
      const env = { ...baseEnv, DATA_DIR: dir }; // no secret here: the server's is used
      const first = runCli(["complaints", "import", csv, ...MAP], env);
      expect(first.code).toBe(1);
      expect(first.out).toContain("line 5: Created: expected an ISO 8601 date-time with offset");
      expect(first.out).toContain("stored 3, duplicates 0 (already imported), bad rows 1, warnings 0");

      const second = runCli(["complaints", "import", csv, ...MAP], env);
      expect(second.out).toContain("stored 0, duplicates 3 (already imported), bad rows 1, warnings 0");
    } finally {
      bot.child.kill("SIGTERM");
    }
    expect(await bot.exit).toBe(0);
  });
});
