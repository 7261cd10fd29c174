import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { cleanEnv, runBot, runCli, waitForOutput } from "../helpers/processes";

/**
 * `npm run cli -- rotation report` as an administrator runs it: a real process, its exit
 * code, and the CSV it prints, through the running server and on its own.
 */

const baseEnv = cleanEnv();

/** Names a spreadsheet would run as formulas, one with a comma and quotes, and one in Hebrew. */
const ORG = `company: { name: Acme, timezone: Asia/Jerusalem, locale: he }
departments:
  - { key: billing, name: "Billing, North" }
employees:
  - { email: dana@acme.example, name: דנה לוי, department: billing }
  - { email: eq@acme.example, name: '=HYPERLINK("http://evil.example","x")', department: billing, fte: 0.5 }
  - { email: noa@acme.example, name: '-Noa, the "boss"', department: billing }
  - { email: avi@acme.example, name: "@avi", department: billing, start_date: 2025-01-07 }
# No onboarding days: a new hire owes hours from their start date (onboarding owes none: rotation-onboarding tests).
support_line: { share: 0.1, public_holidays: false, onboarding_days: 0 }
`;

// Sunday 5 to Thursday 9 January 2025: five working days, 0.8 hours owed on each.
const RANGE = ["--from", "2025-01-05", "--to", "2025-01-09"];
const HEADER = "email,name,department,department_name,fte,target_hours,worked_hours,scheduled_hours,shifts,difference_hours,active";
const ROWS = [
  'avi@acme.example,\'@avi,billing,"Billing, North",1,2.40,0.00,0.00,0,-2.40,true',
  'dana@acme.example,דנה לוי,billing,"Billing, North",1,4.00,0.00,0.00,0,-4.00,true',
  'eq@acme.example,"\'=HYPERLINK(""http://evil.example"",""x"")",billing,"Billing, North",0.5,2.00,0.00,0.00,0,-2.00,true',
  'noa@acme.example,"\'-Noa, the ""boss""",billing,"Billing, North",1,4.00,0.00,0.00,0,-4.00,true',
];

function records(stdout: string): string[] {
  const text = stdout.replace(/\n$/, "");
  // RFC 4180 separates records with CRLF; no bare LF may be left.
  expect(text.replace(/\r\n/g, "")).not.toContain("\n");
  return text.split("\r\n");
}

function orgFile(): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "bot-"));
  const file = path.join(dir, "org.yml");
  writeFileSync(file, ORG);
  return { dir, file };
}

describe("rotation report", () => {
  it("refuses impossible dates, a range ending before it starts and missing options, with a non-zero exit", () => {
    const env = { ...baseEnv, DATA_DIR: mkdtempSync(path.join(tmpdir(), "bot-")) };
    const badDate = runCli(["rotation", "report", "--from", "2025-02-30", "--to", "2025-03-01"], env);
    expect(badDate.code).toBe(2);
    expect(badDate.out).toContain('--from: expected a date written YYYY-MM-DD, found "2025-02-30"');

    const backwards = runCli(["rotation", "report", "--from", "2025-03-02", "--to", "2025-03-01"], env);
    expect(backwards.code).toBe(2);
    expect(backwards.out).toContain("--to: expected a date on or after --from");

    const missing = runCli(["rotation", "report", "--from", "2025-03-01"], env);
    expect(missing.code).toBe(2);
    expect(missing.out).toContain("--to: required");
    expect(missing.stdout).toBe("");
  });

  it("prints CSV through the running server, which supplies the organisation's settings", async () => {
    const { dir, file } = orgFile();
    const bot = runBot({ ...baseEnv, PORT: "0", DATA_DIR: dir, ORG_FILE: file });
    try {
      await waitForOutput(bot.output, /Ready at http/);
      const env = { ...baseEnv, DATA_DIR: dir };
      const report = runCli(["rotation", "report", ...RANGE], env);
      expect(report.code).toBe(0);
      const [header, ...rows] = records(report.stdout);
      expect(header).toBe(HEADER);
      expect(rows.sort()).toEqual(ROWS);

      const unknown = runCli(["rotation", "report", ...RANGE, "--department", "sales"], env);
      expect(unknown.code).toBe(1);
      expect(unknown.out).toContain('Unknown department "sales" (known: billing)');
    } finally {
      bot.child.kill("SIGTERM");
    }
    expect(await bot.exit).toBe(0);
  });

  it("opens the database itself when no server runs, taking the settings from the last import or from ORG_FILE", () => {
    const { dir, file } = orgFile();
    const env = { ...baseEnv, DATA_DIR: dir };
    const beforeImport = runCli(["rotation", "report", ...RANGE], env);
    expect(beforeImport.code).toBe(1);
    expect(beforeImport.out).toContain("No organisation has been imported yet: run `npm run cli -- org import <file>` first, or set ORG_FILE.");
    expect(runCli(["org", "import", file], env)).toMatchObject({ code: 0 });

    for (const withSettings of [env, { ...env, ORG_FILE: file }]) {
      const report = runCli(["rotation", "report", ...RANGE, "--department", "billing"], withSettings);
      expect(report.code).toBe(0);
      const [header, ...rows] = records(report.stdout);
      expect(header).toBe(HEADER);
      expect(rows.sort()).toEqual(ROWS);
    }
  });
});
