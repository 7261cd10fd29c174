import { readFileSync } from "node:fs";
import pino from "pino";
import { slackPeopleReader } from "../../src/chat/slack/workspace-people";
import { runDatabaseCommand, type CommandContext } from "../../src/cli/commands";
import { organisationChecksum, parseOrganisation } from "../../src/config/organisation";
import { createLogger } from "../../src/logger";
import { importOrganisation, storedOrganisation } from "../../src/services/organisation-import";
import { peopleSyncJob } from "../../src/services/people/people-sync-job";
import { DATABASE_START_TIMEOUT_MS, databaseKinds, migratedDatabase, type TestDatabase } from "../helpers/databases";
import { startSlackApiStandIn } from "../helpers/slack";

/** examples/org.yml taking people from Slack: two user groups mapped, one that does not exist. */
const ORGANISATION = `${readFileSync("examples/org.yml", "utf8")}
sources:
  slack:
    user_groups:
      billing-team: billing
      S0SUPPORT: support
      ghost-team: stores
`;

const member = (id: string, email: string | undefined, realName: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: realName.toLowerCase(),
  real_name: realName,
  tz: "Asia/Jerusalem",
  locale: "he-IL",
  profile: { real_name: realName, ...(email ? { email } : {}) },
  ...extra,
});

describe.each(databaseKinds)("people from the Slack workspace on %s", (kind) => {
  let db: TestDatabase;
  let slack: Awaited<ReturnType<typeof startSlackApiStandIn>>;
  let context: CommandContext;

  beforeEach(async () => {
    db = await migratedDatabase(kind);
    await importOrganisation(db.prisma, parseOrganisation(ORGANISATION, "org.yml"), { name: "org.yml", checksum: organisationChecksum(ORGANISATION), text: ORGANISATION });
    slack = await startSlackApiStandIn();
    context = { peopleSources: { slack: slackPeopleReader({ botToken: "xoxb-test", apiUrl: slack.url }, createLogger("silent")) } };
  }, DATABASE_START_TIMEOUT_MS);
  afterEach(async () => {
    await slack.close();
    await db.close();
  });

  /** The workspace, in two pages, after one 429: what Slack answers to one sync. */
  function workspace(): void {
    slack.script("usergroups.list", {
      status: 200,
      body: { ok: true, usergroups: [{ id: "S0BILLING", handle: "billing-team" }, { id: "S0SUPPORT", handle: "support-team" }] },
    });
    slack.script("usergroups.users.list", { status: 200, body: { ok: true, users: ["U0MOSHE", "U0NOAM", "U0DANIEL"] } }, { status: 200, body: { ok: true, users: ["U0OMER"] } });
    slack.script(
      "users.list",
      { status: 429, headers: { "Retry-After": "1" }, body: { ok: false, error: "ratelimited" } },
      {
        status: 200,
        body: {
          ok: true,
          members: [
            member("U0DANA", "dana@acme.example", "Dana Levi"),
            member("U0MOSHE", "Moshe@Acme.example", "Moshe Cohen", { tz: "Europe/London", locale: "en-US" }),
            member("U0NOAM", "noam@acme.example", "Noam Shalev"),
            member("B0HELPER", undefined, "Helper", { is_bot: true }),
            member("USLACKBOT", undefined, "Slackbot"),
          ],
          response_metadata: { next_cursor: "page-2" },
        },
      },
      {
        status: 200,
        body: {
          ok: true,
          members: [
            member("U0NOMAIL", undefined, "No Mail"),
            member("U0GUEST", "guest@partner.example", "A Guest", { is_restricted: true }),
            member("U0RIVKA", "rivka@acme.example", "Rivka Mizrahi"),
            member("U0DANIEL", "daniel@acme.example", "Daniel Green", { tz: "Europe/London", locale: "en-GB" }),
            member("U0OMER", "omer@acme.example", "Omer Dahan"),
            member("U0AVI", "avi@acme.example", "Avi Friedman", { deleted: true }),
            member("U0LOST", "lost@acme.example", "Someone New"),
          ],
          response_metadata: { next_cursor: "" },
        },
      },
    );
  }

  const sync = (dryRun: boolean) => runDatabaseCommand({ command: "people-sync", source: "slack", dryRun }, db, context);
  const person = (email: string) => db.prisma.employee.findUniqueOrThrow({ where: { email }, include: { department: true } });

  const SUMMARY = [
    "Slack: 1 new, 2 updated, 3 unchanged, 1 gone; 4 problem(s).",
    'Slack user group "ghost-team" (for stores) does not exist in the workspace',
    "Slack user U0NOMAIL (No Mail) has no email in their profile; left out",
    'Slack user U0DANIEL: daniel@acme.example has department "billing" here but "marketing" in the organisation; the organisation\'s is kept',
    "Slack user U0LOST: lost@acme.example is not in the organisation and has no department here; left out",
  ];

  it("shows in a dry run what the workspace would change, changing nothing; then applies it, waiting out Slack's 429", async () => {
    workspace();
    const dry = await sync(true);
    expect(dry).toEqual({
      exitCode: 1,
      output: [
        ...SUMMARY,
        "~ moshe@acme.example: timezone (none) → Europe/London, locale (none) → en",
        "+ noam@acme.example: Noam Shalev, billing",
        "~ rivka@acme.example: slack_id (none) → U0RIVKA",
        "- avi@acme.example: has left; deactivated, history kept",
        "Dry run: nothing was imported.",
      ].join("\n"),
    });
    expect(await db.prisma.employee.count({ where: { email: "noam@acme.example" } })).toBe(0);
    expect(slack.callsOf("users.list").map((c) => c.body.cursor ?? null)).toEqual([null, null, "page-2"]);

    workspace();
    const applied = await sync(false);
    expect(applied).toEqual({ exitCode: 1, output: [...SUMMARY, "Imported: the running server takes it up within seconds."].join("\n") });
    expect(await person("noam@acme.example")).toMatchObject({ name: "Noam Shalev", slackUserId: "U0NOAM", timezone: "Asia/Jerusalem", locale: null, active: true, department: { key: "billing" } });
    expect(await person("moshe@acme.example")).toMatchObject({ name: "משה כהן", timezone: "Europe/London", locale: "en", fte: 0.5 });
    expect(await person("rivka@acme.example")).toMatchObject({ slackUserId: "U0RIVKA", teamsUserId: "29:1rivka-aad-object-id" });
    expect(await person("daniel@acme.example")).toMatchObject({ department: { key: "marketing" } });
    expect(await person("avi@acme.example")).toMatchObject({ active: false });
    expect(await db.prisma.employee.count({ where: { email: { in: ["guest@partner.example", "lost@acme.example"] } } })).toBe(0);
    expect((await storedOrganisation(db.prisma))!.source).toBe("Slack workspace");

    workspace();
    expect((await sync(false)).output.split("\n").slice(-1)).toEqual(["Nothing to change."]);
  });

  it("syncs every night as a scheduled job, logging the summary and telling the admins what it did not merge", async () => {
    workspace();
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
    const organisation = parseOrganisation(ORGANISATION, "org.yml");
    const deps = { prisma: db.prisma, logger, organisation: () => organisation, platforms: ["SLACK" as const], outboxKick: () => undefined, readers: context.peopleSources! };
    const job = peopleSyncJob("slack", deps, "Asia/Jerusalem");
    expect(job.schedule).toEqual({ kind: "daily", hour: 4, timezone: "Asia/Jerusalem" });
    await job.run({ scheduledFor: new Date("2026-12-03T02:00:00Z"), late: false, runKey: "2026-12-03T02:00:00.000Z" });
    expect(await person("noam@acme.example")).toMatchObject({ slackUserId: "U0NOAM", department: { key: "billing" } });
    expect(lines.map((line) => JSON.parse(line).msg)).toContain(`People sync: ${SUMMARY[0]}`);
    // Dana and Michal are the admins; both read Hebrew.
    const told = await db.prisma.outboxMessage.findMany({ orderBy: { id: "asc" } });
    const dana = await person("dana@acme.example");
    const michal = await person("michal@acme.example");
    expect(told.map((m) => [m.dedupeKey, m.target])).toEqual([
      [`SLACK:people-sync:slack:2026-12-03T02:00:00.000Z:admin:${dana.id}`, "U0DANA"],
      [`SLACK:people-sync:slack:2026-12-03T02:00:00.000Z:admin:${michal.id}`, "U0MICHAL"],
    ]);
    const message = (told[0]!.payload as { message: { direction: string; blocks: { text: unknown }[] } }).message;
    expect(message.direction).toBe("rtl");
    expect(message.blocks[0]!.text).toBe(
      "הסנכרון הלילי מ־\u2068Slack\u2069 מצא 4 פריטים שלא מוזגו. הערכים של הארגון נשמרו; אפשר לתקן אותם שם או בקובץ הארגון:",
    );
    expect(message.blocks[1]!.text).toEqual(["• ", SUMMARY[1], "\n", "• ", SUMMARY[2], "\n", "• ", SUMMARY[3], "\n", "• ", SUMMARY[4]]);

    // Run again for the same night (a replica catching up): nobody is told twice.
    workspace();
    await job.run({ scheduledFor: new Date("2026-12-03T02:00:00Z"), late: true, runKey: "2026-12-03T02:00:00.000Z" });
    expect(await db.prisma.outboxMessage.count()).toBe(2);
  });

  it("takes a new member's department from the profile field the file names, after the mapped user groups", async () => {
    const byField = `${readFileSync("examples/org.yml", "utf8")}
sources:
  slack:
    user_groups:
      billing-team: billing
    department_field: department
`;
    await importOrganisation(db.prisma, parseOrganisation(byField, "org.yml"), { name: "org.yml", checksum: organisationChecksum(byField), text: byField });
    slack.script("usergroups.list", { status: 200, body: { ok: true, usergroups: [{ id: "S0BILLING", handle: "billing-team" }] } });
    slack.script("usergroups.users.list", { status: 200, body: { ok: true, users: ["U0NOAM"] } });
    slack.script("team.profile.get", {
      status: 200,
      body: { ok: true, profile: { fields: [{ id: "Xf0TITLE", label: "Title" }, { id: "Xf0DEPT", label: "Department" }] } },
    });
    slack.script("users.list", {
      status: 200,
      body: {
        ok: true,
        members: [
          member("U0DANA", "dana@acme.example", "Dana Levi"),
          member("U0NOAM", "noam@acme.example", "Noam Shalev"),
          member("U0LIOR", "lior@acme.example", "Lior Ben"),
          member("U0GAL", "gal@acme.example", "Gal Oz"),
          member("U0ROY", "roy@acme.example", "Roy Kaplan"),
        ],
        response_metadata: { next_cursor: "" },
      },
    });
    slack.profile("U0DANA", { fields: { Xf0DEPT: { value: "Marketing" }, Xf0TITLE: { value: "Lead" } } });
    slack.profile("U0NOAM", { fields: { Xf0DEPT: { value: "stores" } } });
    // A department's name as the file writes it, whatever the case.
    slack.profile("U0LIOR", { fields: { Xf0DEPT: { value: " חנויות " } } });
    slack.profile("U0GAL", { fields: { Xf0DEPT: { value: "Warehouse" } } });

    expect(await sync(false)).toEqual({
      exitCode: 1,
      output: [
        "Slack: 2 new, 0 updated, 1 unchanged, 0 gone; 3 problem(s).",
        'Slack user U0DANA: dana@acme.example has department "marketing" here but "billing" in the organisation; the organisation\'s is kept',
        'Slack user U0GAL: "Warehouse" is not a department of the organisation (known: billing, marketing, support, stores); gal@acme.example is left out',
        "Slack user U0ROY: roy@acme.example is not in the organisation and has no department here; left out",
        "Imported: the running server takes it up within seconds.",
      ].join("\n"),
    });
    expect(await person("noam@acme.example")).toMatchObject({ slackUserId: "U0NOAM", department: { key: "billing" } });
    expect(await person("lior@acme.example")).toMatchObject({ name: "Lior Ben", slackUserId: "U0LIOR", department: { key: "stores" } });
    // Noam was placed by his user group, so his profile was not read.
    expect(slack.callsOf("users.profile.get").map((c) => c.body.user).sort()).toEqual(["U0DANA", "U0GAL", "U0LIOR", "U0ROY"]);
  });

  it("reports a department field the workspace does not have, and places people by their user groups only", async () => {
    const byField = `${readFileSync("examples/org.yml", "utf8")}
sources:
  slack:
    department_field: Cost centre
`;
    await importOrganisation(db.prisma, parseOrganisation(byField, "org.yml"), { name: "org.yml", checksum: organisationChecksum(byField), text: byField });
    slack.script("team.profile.get", { status: 200, body: { ok: true, profile: { fields: [{ id: "Xf0DEPT", label: "Department" }] } } });
    slack.script("users.list", {
      status: 200,
      body: { ok: true, members: [member("U0LIOR", "lior@acme.example", "Lior Ben")], response_metadata: { next_cursor: "" } },
    });
    expect(await sync(true)).toEqual({
      exitCode: 1,
      output: [
        "Slack: 0 new, 0 updated, 0 unchanged, 0 gone; 2 problem(s).",
        'Slack profile field "Cost centre" (for departments) does not exist in the workspace',
        "Slack user U0LIOR: lior@acme.example is not in the organisation and has no department here; left out",
        "Dry run: nothing was imported.",
      ].join("\n"),
    });
    expect(slack.callsOf("users.profile.get")).toEqual([]);
  });

  it("imports nothing when the merged organisation does not pass, naming the lines as a file's check does", async () => {
    // Rivka now has the Slack account the file gives Dana, and Dana is not in this reading.
    slack.script("usergroups.list", { status: 200, body: { ok: true, usergroups: [] } });
    slack.script("users.list", {
      status: 200,
      body: { ok: true, members: [member("U0DANA", "rivka@acme.example", "Rivka Mizrahi")], response_metadata: { next_cursor: "" } },
    });
    const imports = await db.prisma.organisationImport.count();
    expect(await sync(false)).toEqual({
      exitCode: 1,
      output: 'Slack merged into org.yml: employees[2].slack_id: duplicate Slack user ID "U0DANA" (already used by employees[0]) (line 106)',
    });
    expect(await person("rivka@acme.example")).toMatchObject({ slackUserId: null });
    expect(await person("dana@acme.example")).toMatchObject({ slackUserId: "U0DANA" });
    expect(await db.prisma.organisationImport.count()).toBe(imports);
  });

  it("says what is missing when the organisation does not take people from Slack, or Slack is not configured", async () => {
    const plain = readFileSync("examples/org.yml", "utf8");
    await importOrganisation(db.prisma, parseOrganisation(plain, "plain.yml"), { name: "plain.yml", checksum: organisationChecksum(plain), text: plain });
    expect(await sync(false)).toEqual({
      exitCode: 1,
      output: "The organisation does not take people from Slack: add `sources.slack` to its file (docs/organisation.md) and import it.",
    });
    await importOrganisation(db.prisma, parseOrganisation(ORGANISATION, "org.yml"), { name: "org.yml", checksum: organisationChecksum(ORGANISATION), text: ORGANISATION });
    expect(await runDatabaseCommand({ command: "people-sync", source: "slack", dryRun: false }, db, {})).toEqual({
      exitCode: 1,
      output: "Slack is not configured here: set SLACK_BOT_TOKEN (with users:read, users:read.email and usergroups:read).",
    });
    expect(slack.calls).toEqual([]);
  });
});
