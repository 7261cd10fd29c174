import { readFileSync } from "node:fs";
import { peopleSourceReaders } from "../../src/chat/people-sources";
import { runDatabaseCommand, type CommandContext } from "../../src/cli/commands";
import { loadConfig } from "../../src/config/env";
import { organisationChecksum, parseOrganisation } from "../../src/config/organisation";
import { createLogger } from "../../src/logger";
import { importOrganisation, storedOrganisation } from "../../src/services/organisation-import";
import { DATABASE_START_TIMEOUT_MS, databaseKinds, migratedDatabase, type TestDatabase } from "../helpers/databases";
import { startGraphStandIn, type Directory } from "../helpers/graph";

const SUPPORT_GROUP = "6f1c2a3b-0000-4000-8000-00000000a5a5";

/** examples/org.yml taking people from Microsoft 365: a group by name, one by object id, one that does not exist. */
const ORGANISATION = `${readFileSync("examples/org.yml", "utf8")}
sources:
  microsoft365:
    groups:
      Billing Team: billing
      ${SUPPORT_GROUP}: support
      Ghost Team: stores
`;

const user = (id: string, mail: string | null, displayName: string, extra: Partial<Directory["users"][number]> = {}) => ({
  id,
  mail,
  displayName,
  department: null,
  preferredLanguage: null,
  accountEnabled: true,
  ...extra,
});

/** The tenant: eight users in pages of three, two groups. */
const DIRECTORY: Directory = {
  users: [
    user("oid-dana", "dana@acme.example", "Dana Levi", { department: "Finance", preferredLanguage: "he-IL" }),
    user("oid-moshe", "Moshe@Acme.example", "Moshe Cohen", { preferredLanguage: "en-US" }),
    user("oid-noam", "noam@acme.example", "Noam Shalev", { preferredLanguage: "he-IL" }),
    user("oid-nomail", null, "No Mail"),
    user("oid-daniel", "daniel@acme.example", "Daniel Green"),
    user("oid-avi", "avi@acme.example", "Avi Friedman", { accountEnabled: false }),
    user("oid-lior", "lior@acme.example", "Lior Ben David", { department: "שירות לקוחות" }),
    user("oid-lost", "lost@acme.example", "Someone New"),
  ],
  groups: {
    "0a0a0a0a-0000-4000-8000-00000000b111": { displayName: "Billing Team", members: ["oid-dana", "oid-moshe", "oid-noam"] },
    [SUPPORT_GROUP]: { displayName: "Support", members: ["oid-daniel"] },
  },
};

describe.each(databaseKinds)("people from the Microsoft 365 directory on %s", (kind) => {
  let db: TestDatabase;
  let graph: Awaited<ReturnType<typeof startGraphStandIn>>;
  let context: CommandContext;

  beforeEach(async () => {
    db = await migratedDatabase(kind);
    await importOrganisation(db.prisma, parseOrganisation(ORGANISATION, "org.yml"), { name: "org.yml", checksum: organisationChecksum(ORGANISATION), text: ORGANISATION });
    graph = await startGraphStandIn(DIRECTORY, { pageSize: 3 });
    // The settings come from the environment as the server reads it.
    context = { peopleSources: peopleSourceReaders(loadConfig({ ...graph.env, TEAMS_TENANT_ID: "acme-tenant" }), createLogger("silent")) };
  }, DATABASE_START_TIMEOUT_MS);
  afterEach(async () => {
    await graph.close();
    await db.close();
  });

  const sync = (dryRun: boolean) => runDatabaseCommand({ command: "people-sync", source: "microsoft365", dryRun }, db, context);
  const person = (email: string) => db.prisma.employee.findUniqueOrThrow({ where: { email }, include: { department: true } });

  const SUMMARY = [
    "Microsoft 365: 2 new, 2 updated, 1 unchanged, 1 gone; 4 problem(s).",
    'Microsoft 365 group "Ghost Team" (for stores) does not exist in the directory',
    "Microsoft 365 user oid-nomail (No Mail) has no mail; left out",
    'Microsoft 365 user oid-daniel: daniel@acme.example has department "support" here but "marketing" in the organisation; the organisation\'s is kept',
    "Microsoft 365 user oid-lost: lost@acme.example is not in the organisation and has no department here; left out",
  ];

  it("shows in a dry run what the directory would change, changing nothing; then applies it, waiting out Graph's 429", async () => {
    graph.fail("/v1.0/users", { status: 429, retryAfter: "1" });
    const dry = await sync(true);
    expect(dry).toEqual({
      exitCode: 1,
      output: [
        ...SUMMARY,
        "~ moshe@acme.example: teams_id (none) → oid-moshe, locale (none) → en",
        "+ noam@acme.example: Noam Shalev, billing",
        "~ daniel@acme.example: teams_id (none) → oid-daniel",
        "+ lior@acme.example: Lior Ben David, support",
        "- avi@acme.example: has left; deactivated, history kept",
        "Dry run: nothing was imported.",
      ].join("\n"),
    });
    expect(await db.prisma.employee.count({ where: { email: "noam@acme.example" } })).toBe(0);
    // One token, the 429 waited out, then three pages of users linked by skip tokens.
    expect(graph.requests.filter((r) => r.path === "/v1.0/users").map((r) => r.query.$skiptoken ?? null)).toEqual([null, null, "3", "6"]);
    expect(graph.requests.filter((r) => r.path === "/token")).toHaveLength(1);

    const applied = await sync(false);
    expect(applied).toEqual({ exitCode: 1, output: [...SUMMARY, "Imported: the running server takes it up within seconds."].join("\n") });
    expect(await person("noam@acme.example")).toMatchObject({ name: "Noam Shalev", teamsUserId: "oid-noam", locale: null, active: true, department: { key: "billing" } });
    expect(await person("lior@acme.example")).toMatchObject({ name: "Lior Ben David", teamsUserId: "oid-lior", department: { key: "support" } });
    expect(await person("moshe@acme.example")).toMatchObject({ name: "משה כהן", teamsUserId: "oid-moshe", locale: "en" });
    // A Teams id the file already holds is kept.
    expect(await person("dana@acme.example")).toMatchObject({ name: "דנה לוי", teamsUserId: "29:1dana-aad-object-id", department: { key: "billing" } });
    expect(await person("daniel@acme.example")).toMatchObject({ department: { key: "marketing" } });
    expect(await person("avi@acme.example")).toMatchObject({ active: false });
    expect(await db.prisma.employee.count({ where: { email: "lost@acme.example" } })).toBe(0);
    expect((await storedOrganisation(db.prisma))!.source).toBe("Microsoft 365 directory");

    expect((await sync(false)).output.split("\n").slice(-1)).toEqual(["Nothing to change."]);
  });

  it("says the app's credentials were refused without quoting what the identity platform said of them", async () => {
    const wrong = peopleSourceReaders(loadConfig({ ...graph.env, TEAMS_APP_PASSWORD: "not-the-secret" }), createLogger("silent"));
    const result = await runDatabaseCommand({ command: "people-sync", source: "microsoft365", dryRun: false }, db, { peopleSources: wrong });
    expect(result).toEqual({ exitCode: 1, output: "Microsoft identity platform refused the app's credentials: invalid_client" });
    expect(graph.requests.map((r) => r.path)).toEqual(["/token"]);
  });

  it("says what is missing when the Teams app's credentials are not set", async () => {
    const none = peopleSourceReaders(loadConfig({}), createLogger("silent"));
    expect(await runDatabaseCommand({ command: "people-sync", source: "microsoft365", dryRun: false }, db, { peopleSources: none })).toEqual({
      exitCode: 1,
      output:
        "Microsoft Graph is not configured here: set TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID (the app needs the User.Read.All and GroupMember.Read.All application permissions).",
    });
    expect(graph.requests).toEqual([]);
  });
});
