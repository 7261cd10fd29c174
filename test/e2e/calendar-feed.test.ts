import { calendarUrl, resetCalendarToken } from "../../src/services/rotation/calendar-feed";
import { BOT_START_TIMEOUT_MS, startBot, type RunningBot } from "../helpers/bot";
import { databaseKinds } from "../helpers/databases";

const DAY = 86_400_000;

/** The feed's text with folded lines joined again (RFC 5545, 3.1). */
function unfold(ics: string): string {
  return ics.replace(/\r\n[ \t]/g, "");
}

/**
 * The feed's events for this test's shifts, in order. The bot plans its own shifts at
 * start-up too; those are left out, so that these tests see only what they set up.
 */
function events(ics: string): string[] {
  return unfold(ics)
    .split("BEGIN:VEVENT")
    .slice(1)
    .filter((e) => ours.has(/\r\nUID:(.*)\r\n/.exec(e)?.[1] ?? ""));
}

const ours = new Set<string>();

function utcStamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

describe.each(databaseKinds)("the calendar feed on %s", (kind) => {
  let bot: RunningBot;
  let danaId: number;
  let danaToken: string;
  const shifts: Record<string, { id: number; startsAt: Date }> = {};
  const base = new Date();

  beforeAll(async () => {
    bot = await startBot(kind);
    const prisma = bot.app.db.prisma;
    const dana = await prisma.employee.findUniqueOrThrow({ where: { email: "dana@acme.example" } });
    const daniel = await prisma.employee.findUniqueOrThrow({ where: { email: "daniel@acme.example" } });
    danaId = dana.id;
    danaToken = dana.calendarToken;
    const template = await prisma.shiftTemplate.create({
      data: { key: "calendar-test", name: "Morning", weekdays: [1, 2, 3, 4, 7], startTime: "09:00", endTime: "13:00" },
    });
    let seat = 0;
    const shift = async (name: string, employeeId: number, daysFromNow: number, status: "PLANNED" | "PUBLISHED" | "CANCELLED", extra: object = {}) => {
      const startsAt = new Date(Math.floor((base.getTime() + daysFromNow * DAY) / 60_000) * 60_000);
      const row = await prisma.shift.create({
        data: { templateId: template.id, seat: ++seat, employeeId, status, startsAt, endsAt: new Date(startsAt.getTime() + 4 * 3_600_000), ...extra },
      });
      shifts[name] = { id: row.id, startsAt };
      ours.add(`shift-${row.id}@service-culture-bot`);
    };
    await shift("tomorrow", dana.id, 1, "PUBLISHED", { isOnboarding: true, buddyId: daniel.id });
    await shift("planned", dana.id, 3, "PLANNED");
    await shift("cancelled", dana.id, 2, "CANCELLED");
    await shift("lastWeek", dana.id, -10, "PUBLISHED");
    await shift("longAgo", dana.id, -40, "PUBLISHED");
    await shift("beyondHorizon", dana.id, 60, "PLANNED");
    await shift("someoneElse", daniel.id, 1, "PUBLISHED");
  }, BOT_START_TIMEOUT_MS);
  afterAll(async () => {
    await bot?.stop();
  });

  const feed = (token: string) => fetch(`${bot.base}/calendar/${token}.ics`);

  it("serves the person's shifts from 30 days back to the horizon, in their language, never cached", async () => {
    const response = await feed(danaToken);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const ics = await response.text();
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(ics.trimEnd().endsWith("END:VCALENDAR")).toBe(true);

    const found = events(ics);
    const uids = found.map((e) => /\r\nUID:(.*)\r\n/.exec(e)?.[1]);
    expect(uids).toEqual([`shift-${shifts.lastWeek!.id}@service-culture-bot`, `shift-${shifts.tomorrow!.id}@service-culture-bot`, `shift-${shifts.planned!.id}@service-culture-bot`]);

    const [, tomorrow, planned] = found;
    expect(tomorrow).toContain(`\r\nDTSTART:${utcStamp(shifts.tomorrow!.startsAt)}\r\n`);
    expect(tomorrow).toContain(`\r\nDTEND:${utcStamp(new Date(shifts.tomorrow!.startsAt.getTime() + 4 * 3_600_000))}\r\n`);
    expect(tomorrow).toContain("\r\nSTATUS:CONFIRMED\r\n");
    expect(tomorrow).toContain("\r\nSUMMARY:קו התמיכה: \u2068Morning\u2069\r\n");
    expect(tomorrow).toContain("\u2068Daniel Green\u2069 איתך במשמרת הזו");
    expect(planned).toContain("\r\nSTATUS:TENTATIVE\r\n");
    expect(unfold(ics)).toContain("X-WR-CALNAME:קו התמיכה: \u2068דנה לוי\u2069");
  });

  it("writes English for an English speaker", async () => {
    const daniel = await bot.app.db.prisma.employee.findUniqueOrThrow({ where: { email: "daniel@acme.example" } });
    const ics = unfold(await (await feed(daniel.calendarToken)).text());
    const [event, ...others] = events(ics);
    expect(others).toEqual([]);
    expect(event).toContain(`\r\nUID:shift-${shifts.someoneElse!.id}@service-culture-bot\r\n`);
    expect(event).toContain("\r\nSUMMARY:Support line: Morning\r\n");
  });

  it("keeps a shift's UID when the shift moves, so calendar apps update it in place", async () => {
    const moved = new Date(shifts.planned!.startsAt.getTime() + 3_600_000);
    await bot.app.db.prisma.shift.update({ where: { id: shifts.planned!.id }, data: { startsAt: moved, endsAt: new Date(moved.getTime() + 4 * 3_600_000) } });
    const event = events(await (await feed(danaToken)).text()).find((e) => e.includes(`UID:shift-${shifts.planned!.id}@`));
    expect(event).toContain(`\r\nDTSTART:${utcStamp(moved)}\r\n`);
  });

  it("answers an unknown token and a malformed one with the same 404", async () => {
    const unknown = await feed("00000000-0000-4000-8000-000000000000");
    const malformed = await feed("x'%20OR%201=1");
    const noSuffix = await fetch(`${bot.base}/calendar/${danaToken}`);
    for (const response of [unknown, malformed, noSuffix]) {
      expect(response.status).toBe(404);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.text()).toBe("Not found");
    }
  });

  it("stops serving the old URL once the token is reset, and serves the new one", async () => {
    const fresh = await resetCalendarToken({ prisma: bot.app.db.prisma }, danaId);
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await feed(danaToken)).status).toBe(404);
    const response = await feed(fresh);
    expect(response.status).toBe(200);
    expect(events(await response.text())).toHaveLength(3);
    danaToken = fresh;
  });

  it("stops serving someone who left", async () => {
    await bot.app.db.prisma.employee.update({ where: { id: danaId }, data: { active: false } });
    expect((await feed(danaToken)).status).toBe(404);
  });
});

describe("calendarUrl", () => {
  it("puts the feed under the public URL, keeping any path prefix", () => {
    expect(calendarUrl("https://bot.acme.example", "abc_-1")).toBe("https://bot.acme.example/calendar/abc_-1.ics");
    expect(calendarUrl("https://acme.example/bot/", "abc")).toBe("https://acme.example/bot/calendar/abc.ics");
    expect(calendarUrl("https://acme.example/bot", "abc")).toBe("https://acme.example/bot/calendar/abc.ics");
  });
});
