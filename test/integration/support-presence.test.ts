import { readFileSync } from "node:fs";
import pino from "pino";
import { slackSupportPresence } from "../../src/chat/slack/support-presence";
import { parseOrganisation, type Organisation } from "../../src/config/organisation";
import { createLogger } from "../../src/logger";
import { Timers } from "../../src/services/timers";
import { PRESENCE_JOB, SupportPresence } from "../../src/services/rotation/support-presence";
import type { Database } from "../../src/store/database";
import { DATABASE_START_TIMEOUT_MS, databaseKinds, migratedDatabase, type TestDatabase } from "../helpers/databases";
import { replicaPrisma, testServiceDeps } from "../helpers/service-deps";
import { startSlackApiStandIn } from "../helpers/slack";

const HOUR = 60 * 60_000;
const at = (iso: string) => new Date(iso);
const seconds = (iso: string) => Date.parse(iso) / 1000;

const parsed = parseOrganisation(readFileSync("test/fixtures/org-minimal.yml", "utf8"), "org-minimal.yml");
const organisation: Organisation = { ...parsed, company: { ...parsed.company, locale: "en" } };

type StandIn = Awaited<ReturnType<typeof startSlackApiStandIn>>;
const ok = (body: Record<string, unknown> = {}) => ({ status: 200, body: { ok: true, ...body } });
const profile = (status_text: string, status_emoji: string, status_expiration = 0) => ok({ profile: { status_text, status_emoji, status_expiration } });
const group = (users: string[], disabled = false) => ({ id: "S0SUPPORT", handle: "support-now", name: "Support line", date_delete: disabled ? 1_700_000_000 : 0, users });

describe.each(databaseKinds)("support presence on %s", (kind) => {
  let db: TestDatabase;
  let slack: StandIn;
  const extra: Database[] = [];
  const running: Timers[] = [];
  let now: Date;

  beforeAll(async () => {
    db = await migratedDatabase(kind);
  }, DATABASE_START_TIMEOUT_MS);
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    slack = await startSlackApiStandIn();
    await db.prisma.jobRun.deleteMany();
    await db.prisma.supportPresence.deleteMany();
    await db.prisma.shift.deleteMany();
    await db.prisma.employee.deleteMany();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((t) => t.stop()));
    await Promise.all(extra.splice(0).map((d) => d.close()));
    await slack.close();
  });

  /** A replica: the production Slack client code against the stand-in, on the test's clock. */
  async function replica(instanceId: string, options: { adminUserToken?: string; logger?: pino.Logger } = { adminUserToken: "xoxp-admin" }) {
    const logger = options.logger ?? createLogger("silent");
    const deps = testServiceDeps(await replicaPrisma(kind, db, extra), organisation, { logger });
    const platform = slackSupportPresence({ botToken: "xoxb-test", apiUrl: slack.url, adminUserToken: options.adminUserToken }, logger);
    const presence = new SupportPresence(deps, platform, instanceId);
    const timers = new Timers({ tasks: [presence], logger, clock: () => now });
    running.push(timers);
    return { presence, timers };
  }

  let people = 0;
  async function person(slackUserId: string, locale = "en") {
    return db.prisma.employee.create({ data: { email: `p${++people}@acme.example`, name: slackUserId, slackUserId, locale, timezone: "Asia/Jerusalem" } });
  }
  async function shift(employeeId: number, startsAt: string, hours: number) {
    const start = at(startsAt);
    return db.prisma.shift.create({ data: { employeeId, startsAt: start, endsAt: new Date(start.getTime() + hours * HOUR), status: "PUBLISHED" } });
  }

  /** The calls made since the last look, as "method args". */
  let seen = 0;
  function callsSinceLastLook(): string[] {
    const calls = slack.calls.slice(seen);
    seen = slack.calls.length;
    return calls.map(({ method, body }) => {
      if (method === "usergroups.users.update") return `${method} ${String(body.usergroup)} ${String(body.users)}`;
      if (method === "usergroups.create") return `${method} @${String(body.handle)}`;
      if (method === "usergroups.enable" || method === "usergroups.disable") return `${method} ${String(body.usergroup)}`;
      if (method === "users.profile.get") return `${method} ${String(body.user)}`;
      if (method === "users.profile.set") {
        const p = body.profile as { status_text: string; status_emoji: string; status_expiration: number };
        return `${method} ${String(body.user)} ${p.status_emoji} "${p.status_text}" ${p.status_expiration}`;
      }
      return method;
    });
  }

  const remembered = () => db.prisma.supportPresence.findMany({ orderBy: { employeeId: "asc" } });

  it("keeps the user group and statuses on the people on shift, once across two replicas, and restores them after", async () => {
    seen = 0;
    const anna = await person("U0ANNA");
    const ben = await person("U0BEN", "he");
    const carol = await person("U0CAROL");
    // Sunday 6 December 2026 in Jerusalem (UTC+2): Anna and Ben 09:00-13:00, Carol 13:00-17:00.
    const annaShift = await shift(anna.id, "2026-12-06T07:00:00Z", 4);
    await shift(ben.id, "2026-12-06T07:00:00Z", 4);
    const carolShift = await shift(carol.id, "2026-12-06T11:00:00Z", 4);

    now = at("2026-12-06T06:00:00Z");
    const [a, b] = [await replica("replica-a"), await replica("replica-b")];
    slack.script("usergroups.list", ok({ usergroups: [] }), ok({ usergroups: [] }));
    await Promise.all([a.timers.start(), b.timers.start()]);
    // Nobody on shift and no group yet: nothing to create.
    expect(callsSinceLastLook()).toEqual(["usergroups.list", "usergroups.list"]);
    expect(a.timers.nextWakeAt()).toEqual(at("2026-12-06T07:00:00Z"));

    // 09:00: the group is created for Anna and Ben; their statuses are remembered and replaced.
    slack.script("usergroups.list", ok({ usergroups: [] }));
    slack.script("usergroups.create", ok({ usergroup: group([]) }));
    slack.script("users.profile.get", profile("Commuting", ":bus:"), profile("", ""));
    now = at("2026-12-06T07:00:00Z");
    await Promise.all([a.timers.fire(now), b.timers.fire(now)]);
    const until13 = seconds("2026-12-06T11:00:00Z");
    expect(callsSinceLastLook()).toEqual([
      "usergroups.list",
      "usergroups.create @support-now",
      "usergroups.users.update S0SUPPORT U0ANNA,U0BEN",
      "users.profile.get U0ANNA",
      `users.profile.set U0ANNA :telephone_receiver: "On the support line until 13:00" ${until13}`,
      "users.profile.get U0BEN",
      `users.profile.set U0BEN :telephone_receiver: "בקו השירות עד \u206813:00\u2069" ${until13}`,
    ]);
    expect(await remembered()).toEqual([
      expect.objectContaining({ employeeId: anna.id, shiftId: annaShift.id, statusText: "Commuting", statusEmoji: ":bus:", statusExpiration: 0 }),
      expect.objectContaining({ employeeId: ben.id, statusText: "", statusEmoji: "" }),
    ]);
    expect(await db.prisma.jobRun.findMany({ where: { job: PRESENCE_JOB } })).toEqual([
      expect.objectContaining({ runKey: "2026-12-06T07:00:00.000Z", status: "DONE" }),
    ]);
    expect(a.timers.nextWakeAt()).toEqual(at("2026-12-06T08:00:00Z")); // the hourly re-read before 11:00

    // 13:00: Carol takes over. Anna's status is put back; Ben's was already cleared by Slack at
    // its expiry, and he had none before, so it stays blank.
    slack.script("usergroups.list", ok({ usergroups: [group(["U0ANNA", "U0BEN"])] }));
    slack.script(
      "users.profile.get",
      profile("", ""),
      profile("On the support line until 13:00", ":telephone_receiver:", until13),
      profile("", ""),
    );
    now = at("2026-12-06T11:00:00Z");
    await Promise.all([a.timers.fire(now), b.timers.fire(now)]);
    expect(callsSinceLastLook()).toEqual([
      "usergroups.list",
      "usergroups.users.update S0SUPPORT U0CAROL",
      "users.profile.get U0CAROL",
      `users.profile.set U0CAROL :telephone_receiver: "On the support line until 17:00" ${seconds("2026-12-06T15:00:00Z")}`,
      "users.profile.get U0ANNA",
      'users.profile.set U0ANNA :bus: "Commuting" 0',
      "users.profile.get U0BEN",
    ]);
    expect(await remembered()).toEqual([expect.objectContaining({ employeeId: carol.id, shiftId: carolShift.id })]);

    // 17:00: nobody. Slack refuses an empty group, so it is disabled; Carol chose a new
    // status during her shift, and it is left alone.
    slack.script("usergroups.list", ok({ usergroups: [group(["U0CAROL"])] }));
    slack.script("users.profile.get", profile("In a meeting", ":calendar:"));
    now = at("2026-12-06T15:00:00Z");
    await Promise.all([a.timers.fire(now), b.timers.fire(now)]);
    expect(callsSinceLastLook()).toEqual(["usergroups.list", "usergroups.disable S0SUPPORT", "users.profile.get U0CAROL"]);
    expect(await remembered()).toEqual([]);

    // An evening shift for Anna: the group is enabled again with her alone.
    await shift(anna.id, "2026-12-06T17:00:00Z", 2);
    slack.script("usergroups.list", ok({ usergroups: [group(["U0CAROL"], true)] }));
    slack.script("users.profile.get", profile("", ""));
    now = at("2026-12-06T17:00:00Z");
    await a.timers.fire(now);
    expect(callsSinceLastLook()).toEqual([
      "usergroups.list",
      "usergroups.enable S0SUPPORT",
      "usergroups.users.update S0SUPPORT U0ANNA",
      "users.profile.get U0ANNA",
      `users.profile.set U0ANNA :telephone_receiver: "On the support line until 21:00" ${seconds("2026-12-06T19:00:00Z")}`,
    ]);
    expect((await db.prisma.jobRun.findMany({ where: { job: PRESENCE_JOB }, orderBy: { scheduledFor: "asc" } })).map((r) => [r.runKey, r.status])).toEqual([
      ["2026-12-06T07:00:00.000Z", "DONE"],
      ["2026-12-06T11:00:00.000Z", "DONE"],
      ["2026-12-06T15:00:00.000Z", "DONE"],
      ["2026-12-06T17:00:00.000Z", "DONE"],
    ]);
  });

  it("catches up with the present at start-up, follows a swap in the middle of a shift, and retries after Slack fails", async () => {
    seen = 0;
    const anna = await person("U0ANNA");
    const ben = await person("U0BEN");
    const annaShift = await shift(anna.id, "2026-12-06T07:00:00Z", 4);

    // The bot comes back at 10:00 local, an hour into Anna's shift.
    now = at("2026-12-06T08:00:00Z");
    const { timers } = await replica("replica-a");
    slack.script("usergroups.list", ok({ usergroups: [group(["U0OLD"])] }));
    await timers.start();
    expect(callsSinceLastLook()).toEqual([
      "usergroups.list",
      "usergroups.users.update S0SUPPORT U0ANNA",
      "users.profile.get U0ANNA",
      `users.profile.set U0ANNA :telephone_receiver: "On the support line until 13:00" ${seconds("2026-12-06T11:00:00Z")}`,
    ]);

    // Anna hands the rest of her shift to Ben; shiftsChanged() refreshes the timers.
    now = at("2026-12-06T09:00:00Z");
    await db.prisma.shift.update({ where: { id: annaShift.id }, data: { employeeId: ben.id } });
    slack.script("usergroups.list", ok({ usergroups: [group(["U0ANNA"])] }), ok({ usergroups: [group(["U0ANNA"])] }));
    slack.script("usergroups.users.update", { status: 200, body: { ok: false, error: "ratelimited" } });
    slack.script("users.profile.get", profile("", ""), profile("On the support line until 13:00", ":telephone_receiver:"));
    await timers.refresh();
    // Slack refused: nothing about statuses was attempted, and a retry is armed a minute later.
    expect(callsSinceLastLook()).toEqual(["usergroups.list", "usergroups.users.update S0SUPPORT U0BEN"]);
    expect(timers.nextWakeAt()).toEqual(at("2026-12-06T09:01:00Z"));

    now = at("2026-12-06T09:01:00Z");
    await timers.fire(now);
    expect(callsSinceLastLook()).toEqual([
      "usergroups.list",
      "usergroups.users.update S0SUPPORT U0BEN",
      "users.profile.get U0BEN",
      `users.profile.set U0BEN :telephone_receiver: "On the support line until 13:00" ${seconds("2026-12-06T11:00:00Z")}`,
      "users.profile.get U0ANNA",
      'users.profile.set U0ANNA  "" 0',
    ]);
    expect(await remembered()).toEqual([expect.objectContaining({ employeeId: ben.id, shiftId: annaShift.id })]);
  });

  it("carries the status over to a shift that follows straight on, keeping the status from before both", async () => {
    seen = 0;
    const anna = await person("U0ANNA");
    await shift(anna.id, "2026-12-06T07:00:00Z", 4);
    const second = await shift(anna.id, "2026-12-06T11:00:00Z", 2);
    now = at("2026-12-06T08:00:00Z");
    const { timers } = await replica("replica-a");
    slack.script("usergroups.list", ok({ usergroups: [group(["U0ANNA"])] }), ok({ usergroups: [group(["U0ANNA"])] }));
    slack.script("users.profile.get", profile("Focusing", ":headphones:"));
    await timers.start();
    now = at("2026-12-06T11:00:00Z");
    await timers.fire(now);

    expect(callsSinceLastLook()).toEqual([
      "usergroups.list",
      "users.profile.get U0ANNA",
      `users.profile.set U0ANNA :telephone_receiver: "On the support line until 13:00" ${seconds("2026-12-06T11:00:00Z")}`,
      "usergroups.list", // the group already holds exactly Anna: no update
      `users.profile.set U0ANNA :telephone_receiver: "On the support line until 15:00" ${seconds("2026-12-06T13:00:00Z")}`,
    ]);
    expect(await remembered()).toEqual([expect.objectContaining({ shiftId: second.id, statusText: "Focusing", statusEmoji: ":headphones:" })]);
  });

  it("leaves statuses alone without an admin user token, and says so once", async () => {
    seen = 0;
    const anna = await person("U0ANNA");
    await shift(anna.id, "2026-12-06T07:00:00Z", 4);
    const lines: { msg: string }[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    now = at("2026-12-06T08:00:00Z");
    const { timers } = await replica("replica-a", { logger });
    slack.script("usergroups.list", ok({ usergroups: [] }));
    slack.script("usergroups.create", ok({ usergroup: group([]) }));
    await timers.start();

    expect(callsSinceLastLook()).toEqual(["usergroups.list", "usergroups.create @support-now", "usergroups.users.update S0SUPPORT U0ANNA"]);
    expect(await remembered()).toEqual([]);
    expect(lines.filter((l) => l.msg.includes("SLACK_ADMIN_USER_TOKEN"))).toHaveLength(1);
  });
});
