import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadOrganisationFile, OrganisationFileError, parseOrganisation } from "../../src/config/organisation";
import { companySchedule, dueAt } from "../../src/services/complaints/weekly-digest";
import { occurrenceInWeek } from "../../src/domain/complaints/digest-period";
import { nextOccurrence } from "../../src/domain/recurrence";

const EXAMPLE = join(__dirname, "../../examples/org.yml");
const MINIMAL = join(__dirname, "../fixtures/org-minimal.yml");

/** A small valid file; tests change one thing each. */
const BASE = `
company: { name: Acme, timezone: Asia/Jerusalem, locale: he }
departments:
  - { key: billing, name: Billing, managers: [dana@acme.example] }
  - { key: marketing, name: Marketing }
  - { key: support, name: Support }
employees:
  - { email: dana@acme.example, name: Dana Levi, department: billing, slack_id: U0DANA }
  - { email: yossi@acme.example, name: Yossi Cohen, department: marketing, slack_id: U0YOSSI }
`;

function errorOf(yamlText: string, fileName = "org.yml"): OrganisationFileError {
  try {
    parseOrganisation(yamlText, fileName);
  } catch (error) {
    if (error instanceof OrganisationFileError) return error;
    throw error;
  }
  throw new Error("expected the organisation file to be rejected");
}

describe("the shipped files", () => {
  it("parses the commented example, with every key", async () => {
    const { organisation, checksum } = await loadOrganisationFile(EXAMPLE);
    const raw = await readFile(EXAMPLE);
    expect(checksum).toBe(createHash("sha256").update(raw).digest("hex"));
    expect(organisation.company).toEqual({
      name: 'אקמה בע"מ',
      timezone: "Asia/Jerusalem",
      locale: "he",
      country: "IL",
      workWeek: [7, 1, 2, 3, 4],
    });
    expect(organisation.departments.map((d) => d.key)).toEqual(["billing", "marketing", "support", "stores"]);
    expect(organisation.employees.length).toBeGreaterThanOrEqual(12);
    expect(organisation.employees.find((e) => e.email === "moshe@acme.example")).toMatchObject({
      name: "משה כהן",
      fte: 0.5,
      timezone: "Asia/Jerusalem",
      isAdmin: false,
    });
    expect(organisation.employees.find((e) => e.email === "noa@acme.example")?.startDate).toBe("2026-11-01");
    expect(organisation.stories).toEqual({
      curation: "curator",
      curators: ["michal@acme.example", "yossi@acme.example"],
    });
    expect(organisation.supportLine).toMatchObject({
      publishDaysAhead: 7,
      departmentCap: 0.5,
      closures: [{ from: "2026-12-31", to: "2026-12-31" }, { from: "2027-08-01", to: "2027-08-05", name: "Summer break" }],
      channel: { slack: "C0SUPPORT" },
    });
    expect(organisation.supportLine.shifts.map((s) => [s.key, s.name, s.start, s.end, s.seats])).toEqual([
      ["morning", "Morning", "09:00", "13:00", 1],
      ["afternoon", "Afternoon", "13:00", "17:00", 1],
    ]);
    expect(organisation.employees.find((e) => e.email === "dana@acme.example")).toMatchObject({ languages: ["he", "en"], skills: ["billing"] });
    expect(organisation.digest).toEqual({ weekday: 7, hour: 9 });
  });

  it("parses the minimal file and fills in the defaults", async () => {
    const { organisation } = await loadOrganisationFile(MINIMAL);
    expect(organisation).toEqual({
      company: { name: "Acme", timezone: "Asia/Jerusalem", locale: "he", country: "IL", workWeek: [7, 1, 2, 3, 4] },
      channels: { stories: { slack: "C0STORIES" }, management: { slack: "C0MGMT" } },
      departments: [
        {
          key: "billing",
          name: "Billing",
          slackChannel: "C0BILLING",
          teamsChannel: "19:...@thread.tacv2",
          managers: ["dana@acme.example"],
          timezone: "Asia/Jerusalem",
          complaints: { keywords: [], patterns: [] },
          digest: { weekday: 7, hour: 9 },
        },
      ],
      employees: [
        {
          email: "dana@acme.example",
          name: "Dana Levi",
          department: "billing",
          slackId: "U0DANA",
          teamsId: "29:...",
          timezone: "Asia/Jerusalem",
          locale: "he",
          fte: 1,
          startDate: "2026-01-04",
          isAdmin: false,
          languages: [],
          skills: [],
        },
      ],
      supportLine: {
        share: 0.1,
        weeksAhead: 4,
        publishDaysAhead: 7,
        shifts: [
          { key: "morning", name: "morning", weekdays: [7, 1, 2, 3, 4], start: "09:00", end: "13:00", seats: 1 },
          { key: "afternoon", name: "afternoon", weekdays: [7, 1, 2, 3, 4], start: "13:00", end: "17:00", seats: 1 },
        ],
        departmentCap: 0.5,
        minRestHours: 11,
        maxShiftsPerWeek: 3,
        onboardingDays: 14,
        onboardingShiftsPerDay: 1,
        publicHolidays: true,
        closures: [],
        swapNeedsApproval: false,
        userGroup: "support-now",
        channel: { slack: "C0MGMT" },
        eveningReminderHour: 18,
      },
      ideas: { reviewChannelFallback: { slack: "C0MGMT" }, staleAfterDays: 14 },
      sources: {},
      stories: { curation: "none", curators: [] },
      digest: { weekday: 7, hour: 9 },
      monthlyReport: { enabled: true, hour: 9 },
    });
  });
});

describe("defaults that depend on other fields", () => {
  it("uses Monday to Friday and no country outside Israel, and the company zone for employees", () => {
    const organisation = parseOrganisation(BASE.replace("Asia/Jerusalem", "Europe/London"), "org.yml");
    expect(organisation.company.country).toBeUndefined();
    expect(organisation.company.workWeek).toEqual([1, 2, 3, 4, 5]);
    expect(organisation.employees[0]?.timezone).toBe("Europe/London");
  });

  it("normalises emails to lower case", () => {
    const organisation = parseOrganisation(BASE.replace(/dana@acme/g, "Dana@ACME"), "org.yml");
    expect(organisation.employees[0]?.email).toBe("dana@acme.example");
    expect(organisation.departments[0]?.managers).toEqual(["dana@acme.example"]);
  });

  it("accepts dates that YAML 1.1 turns into Date objects, and empty optional values", () => {
    const organisation = parseOrganisation(
      `%YAML 1.1\n---\n${BASE.replace("slack_id: U0DANA", "start_date: 2026-01-04, teams_id: ")}`,
      "org.yml",
    );
    expect(organisation.employees[0]).toMatchObject({ startDate: "2026-01-04", teamsId: undefined });
  });
});

describe("errors", () => {
  it("names a misspelt key and suggests the right one", () => {
    const error = errorOf(BASE.replace("{ key: marketing,", "{ key: marketing, slack_chanel: C0MKT,"));
    expect(error.message).toBe(
      'org.yml: departments[1]: unknown key "slack_chanel" (did you mean "slack_channel"?) (line 5)',
    );
  });

  it("lists the allowed keys when a key is far from all of them", () => {
    expect(errorOf(`${BASE}colour: blue\n`).message).toContain('top level: unknown key "colour" (allowed: company,');
  });

  it("reports an unknown department with its path and the known keys", () => {
    const error = errorOf(BASE.replace("department: marketing", "department: sales"), "examples/org.yml");
    expect(error.message).toBe(
      'examples/org.yml: employees[1].department: unknown department "sales" (known: billing, marketing, support) (line 9)',
    );
    expect(error.fileName).toBe("examples/org.yml");
  });

  it("reads the Slack source's user groups, and refuses one mapped to an unknown department", () => {
    const slack = `${BASE}sources:\n  slack:\n    user_groups: { billing-team: billing }\n`;
    expect(parseOrganisation(slack, "org.yml").sources).toEqual({ slack: { userGroups: { "billing-team": "billing" }, includeGuests: false } });
    expect(parseOrganisation(BASE, "org.yml").sources).toEqual({ slack: undefined });
    expect(errorOf(slack.replace("billing-team: billing", "sales-team: sales")).message).toBe(
      'org.yml: sources.slack.user_groups.sales-team: unknown department "sales" (known: billing, marketing, support) (line 12)',
    );
  });

  it("reports a duplicate email, whatever its case", () => {
    const error = errorOf(BASE.replace("yossi@acme.example", "DANA@acme.example"));
    expect(error.message).toContain(
      'employees[1].email: duplicate email "dana@acme.example" (already used by employees[0])',
    );
  });

  it("reports duplicate Slack IDs and department keys", () => {
    const error = errorOf(BASE.replace("U0YOSSI", "U0DANA").replace("key: support", "key: billing"));
    expect(error.problems).toEqual([
      'departments[2].key: duplicate department key "billing" (already used by departments[0]) (line 6)',
      'employees[1].slack_id: duplicate Slack user ID "U0DANA" (already used by employees[0]) (line 9)',
    ]);
  });

  it("reports a bad time zone", () => {
    const error = errorOf(BASE.replace("Asia/Jerusalem", "Asia/Jerusalm"));
    expect(error.message).toBe(
      'org.yml: company.timezone: expected an IANA time zone such as Asia/Jerusalem or Europe/London, found "Asia/Jerusalm" (line 2)',
    );
  });

  it("reports a bad shift time, a duplicate shift key and a closure that ends before it starts", () => {
    const error = errorOf(
      `${BASE}support_line:
  shifts:
    - { key: early, start: "7:00", end: "11:00" }
    - { key: early, start: "11:00", end: "15:00" }
  closures: [{ from: 2026-12-30, to: 2026-12-20 }]
`,
    );
    expect(error.problems).toEqual([
      expect.stringMatching(/^support_line\.shifts\[0\]\.start: expected a time written HH:MM, such as 09:00, found "7:00" \(line \d+\)$/),
      expect.stringMatching(/^support_line\.shifts\[1\]\.key: duplicate shift key "early" \(already used by shifts\[0\]\)/),
      expect.stringMatching(/^support_line\.closures\[0\]\.to: expected a date on or after 2026-12-30, found 2026-12-20/),
    ]);
  });

  it("reports an fte out of range", () => {
    const error = errorOf(BASE.replace("department: billing,", "department: billing, fte: 1.5,"));
    expect(error.message).toBe(
      "org.yml: employees[0].fte: expected a number greater than 0 and at most 1, found 1.5 (line 8)",
    );
  });

  it("reports a manager who is not an employee", () => {
    const error = errorOf(BASE.replace("managers: [dana@acme.example]", "managers: [dana@acme.example, ghost@acme.example]"));
    expect(error.message).toContain(
      'departments[0].managers[1]: "ghost@acme.example" is not an employee (every manager must also be listed under employees)',
    );
  });

  it("reports a curator who is not an employee, and curation without curators", () => {
    expect(errorOf(`${BASE}stories: { curation: curator }\n`).message).toContain(
      'stories.curators: expected at least one curator when stories.curation is "curator"',
    );
    expect(errorOf(`${BASE}stories: { curators: [ghost@acme.example] }\n`).message).toContain(
      'stories.curators[0]: "ghost@acme.example" is not an employee',
    );
  });

  it("reports a complaint pattern that is not a regular expression, or would match every complaint, and a bad department zone", () => {
    const yaml = BASE.replace(
      "{ key: marketing, name: Marketing }",
      "{ key: marketing, name: Marketing, timezone: Mars/Olympus, complaints: { keywords: [campaign], patterns: ['(unclosed', 'x*'] } }",
    );
    const problems = errorOf(yaml).problems.join("\n");
    expect(problems).toContain("departments[1].timezone: expected an IANA time zone");
    expect(problems).toMatch(/departments\[1\]\.complaints\.patterns\[0\]: .+\(line 5\)/);
    expect(problems).toMatch(/departments\[1\]\.complaints\.patterns\[1\]: .+\(line 5\)/);
    const valid = parseOrganisation(BASE.replace("{ key: marketing, name: Marketing }", "{ key: marketing, name: Marketing, complaints: { keywords: [campaign], patterns: ['\\bPROMO-\\d+'] }, digest: { weekday: 1, hour: 8 } }"), "org.yml");
    expect(valid.departments[1]).toMatchObject({ complaints: { keywords: ["campaign"], patterns: ["\\bPROMO-\\d+"] }, digest: { weekday: 1, hour: 8 }, timezone: "Asia/Jerusalem" });
    expect(valid.departments[0]!.digest).toEqual({ weekday: 7, hour: 9 });
  });

  it("reports missing keys, wrong types and bad enum values", () => {
    const error = errorOf(
      BASE.replace("locale: he", "locale: fr").replace("name: Dana Levi, ", "").replace("slack_id: U0YOSSI", "admin: yes"),
    );
    expect(error.problems).toEqual([
      'company.locale: expected one of "he", "en", found "fr" (line 2)',
      "employees[0].name: required key is missing (expected text) (line 8)",
      'employees[1].admin: expected true or false, found "yes" (line 9)',
    ]);
  });

  it("lists several problems one per line under a heading that names the file", () => {
    const error = errorOf(
      BASE.replace("Asia/Jerusalem", "Mars/Olympus").replace("department: marketing", "department: sales, fte: 0"),
      "examples/org.yml",
    );
    expect(error.message.split("\n")).toEqual([
      "Invalid organisation file examples/org.yml:",
      '  company.timezone: expected an IANA time zone such as Asia/Jerusalem or Europe/London, found "Mars/Olympus" (line 2)',
      "  employees[1].fte: expected a number greater than 0 and at most 1, found 0 (line 9)",
      '  employees[1].department: unknown department "sales" (known: billing, marketing, support) (line 9)',
    ]);
  });

  it("reports a YAML syntax error with its line and column", () => {
    const error = errorOf("company:\n  name: Acme\n  timezone: [Asia/Jerusalem\nemployees: []\n");
    expect(error.message).toMatch(/^org\.yml: line \d+, column \d+: YAML syntax error: /);
    expect(error.message).toContain("line 4, column 1");
  });

  it("reports duplicate YAML keys as a syntax error", () => {
    expect(errorOf(`${BASE}company: { name: Other }\n`).message).toMatch(/line 10, column 1: YAML syntax error: .*unique/);
  });

  it("explains an empty file", () => {
    expect(errorOf("# nothing yet\n").message).toBe(
      "org.yml: the file is empty; expected at least company, departments and employees (see examples/org.yml)",
    );
  });

  it("explains a file that is not a mapping", () => {
    expect(errorOf("- one\n- two\n").message).toBe("org.yml: top level: expected a mapping, found a list (line 1)");
  });
});

describe("weekdays: ISO 8601 everywhere (1 = Monday ... 7 = Sunday), 0 read as Sunday", () => {
  const withDigest = (digest: string) => parseOrganisation(`${BASE}digest: ${digest}\n`, "org.yml");
  /** An instant as its day and time in Jerusalem, e.g. "Sunday 15/11, 09:00". */
  const jerusalem = (at: Date) =>
    new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Jerusalem", weekday: "long", day: "numeric", month: "numeric", hour: "2-digit", minute: "2-digit" }).format(at);

  it("reads digest.weekday 7 and the legacy 0 both as Sunday, and defaults to Sunday", () => {
    expect(withDigest("{ weekday: 7, hour: 9 }").digest).toEqual({ weekday: 7, hour: 9 });
    expect(withDigest("{ weekday: 0, hour: 9 }").digest).toEqual({ weekday: 7, hour: 9 });
    expect(parseOrganisation(BASE, "org.yml").digest).toEqual({ weekday: 7, hour: 9 });
    expect(withDigest("{ weekday: 1 }").digest).toEqual({ weekday: 1, hour: 9 });
  });

  it("normalises 0 in a department's digest, the work week and a shift's days too", () => {
    const organisation = parseOrganisation(
      `${BASE.replace("{ key: marketing, name: Marketing }", "{ key: marketing, name: Marketing, digest: { weekday: 0, hour: 8 } }")
        .replace("locale: he }", "locale: he, work_week: [0, 1, 2, 3, 4] }")}support_line:
  shifts: [{ key: sunday, start: "09:00", end: "13:00", days: [0, 6] }]
`,
      "org.yml",
    );
    expect(organisation.departments[1]!.digest).toEqual({ weekday: 7, hour: 8 });
    expect(organisation.company.workWeek).toEqual([7, 1, 2, 3, 4]);
    expect(organisation.supportLine.shifts[0]!.weekdays).toEqual([7, 6]);
  });

  it("rejects weekdays outside 0-7, and 0 and 7 together in a work week", () => {
    expect(errorOf(`${BASE}digest: { weekday: 8 }\n`).message).toBe(
      "org.yml: digest.weekday: expected an ISO weekday from 1 (Monday) to 7 (Sunday), found 8 (line 10)",
    );
    expect(errorOf(`${BASE}digest: { weekday: -1 }\n`).message).toContain("digest.weekday: expected an ISO weekday");
    expect(errorOf(BASE.replace("locale: he }", "locale: he, work_week: [0, 1, 7] }")).message).toContain(
      "company.work_week: expected each weekday at most once",
    );
  });

  it("schedules the digest on Sunday for 7 and for 0 alike, and on Monday for 1", () => {
    const now = new Date("2026-11-18T12:00:00Z"); // a Wednesday
    for (const weekday of [7, 0]) {
      const organisation = withDigest(`{ weekday: ${weekday}, hour: 9 }`);
      const company = companySchedule(organisation, "Asia/Jerusalem");
      expect(jerusalem(dueAt(company, now))).toBe("Sunday 15/11, 09:00");
      expect(jerusalem(nextOccurrence({ kind: "weekly", ...company.schedule, timezone: company.timezone }, now))).toBe("Sunday 22/11, 09:00");
      const billing = organisation.departments[0]!;
      expect(jerusalem(dueAt({ schedule: billing.digest, timezone: billing.timezone }, now))).toBe("Sunday 15/11, 09:00");
      // ISO week 2026-W47 runs Monday 16 to Sunday 22 November: its digest is on the Sunday.
      expect(jerusalem(occurrenceInWeek("2026-W47", company.schedule, "Asia/Jerusalem"))).toBe("Sunday 22/11, 09:00");
    }
    const monday = withDigest("{ weekday: 1, hour: 8 }");
    expect(jerusalem(dueAt(companySchedule(monday, "Asia/Jerusalem"), now))).toBe("Monday 16/11, 08:00");
    expect(jerusalem(occurrenceInWeek("2026-W47", monday.digest, "Asia/Jerusalem"))).toBe("Monday 16/11, 08:00");
  });
});

describe("loadOrganisationFile", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "org-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("says a missing file was not found and points at ORG_FILE", async () => {
    const missing = join(dir, "nope.yml");
    await expect(loadOrganisationFile(missing)).rejects.toThrow(
      `${missing}: file not found; set ORG_FILE to the path of the organisation file`,
    );
  });

  it("names the file in validation errors", async () => {
    const path = join(dir, "bad.yml");
    await writeFile(path, BASE.replace("department: marketing", "department: sales"));
    await expect(loadOrganisationFile(path)).rejects.toThrow(`${path}: employees[1].department: unknown department`);
  });
});
