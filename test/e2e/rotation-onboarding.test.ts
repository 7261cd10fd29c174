/**
 * A new hire's onboarding as stored and told: extra seats beside whoever holds the one-seat
 * shifts of the example organisation, and a shift without any experienced colleague reported to
 * the department's managers, each in their language, once however often the rotation is planned.
 */
import type { Message } from "../../src/chat/message";
import { plainWords } from "../../src/chat/message";
import { loadOrganisationFile, type Organisation } from "../../src/config/organisation";
import { createLogger } from "../../src/logger";
import { addDays, localDate } from "../../src/services/rotation/rotation-calendar";
import { replan } from "../../src/services/rotation/rotation-plan";
import { databaseKinds } from "../helpers/databases";
import { BOT_START_TIMEOUT_MS, startBot, type RunningBot } from "../helpers/bot";

describe.each(databaseKinds)("onboarding on the support line on %s", (kind) => {
  let bot: RunningBot;
  let organisation: Organisation;
  const prisma = () => bot.app.db.prisma;
  const deps = () => ({
    prisma: prisma(),
    logger: createLogger("silent"),
    organisation: () => organisation,
    platforms: ["SLACK" as const],
    outboxKick: () => undefined,
    shiftsChanged: () => undefined,
  });

  beforeAll(async () => {
    bot = await startBot(kind);
    const example = (await loadOrganisationFile("examples/org.yml")).organisation;
    // Three onboarding shifts a day, and an evening shift that needs a skill only the new hire has:
    // nobody experienced is ever on it, so that onboarding shift has no possible mentor.
    organisation = {
      ...example,
      supportLine: {
        ...example.supportLine,
        onboardingShiftsPerDay: 3,
        shifts: [...example.supportLine.shifts, { key: "evening", name: "Evening", weekdays: example.company.workWeek, start: "17:00", end: "19:00", seats: 1, skill: "chat" }],
      },
      employees: [...example.employees, { email: "liat.new@acme.example", name: "Liat New", department: "marketing", timezone: "Asia/Jerusalem", fte: 1, isAdmin: false, languages: [], skills: ["chat"] }],
    };
  }, BOT_START_TIMEOUT_MS);
  afterAll(async () => {
    await bot?.stop();
  });

  it("gives a new hire extra seats beside a mentor for 14 days and tells the department's managers of a shift with nobody to learn from", async () => {
    const zone = organisation.company.timezone;
    const start = addDays(localDate(new Date(), zone), 2);
    const marketing = await prisma().department.findUniqueOrThrow({ where: { key: "marketing" } });
    const liat = await prisma().employee.create({
      data: { email: "liat.new@acme.example", name: "Liat New", departmentId: marketing.id, startDate: new Date(`${start}T00:00:00Z`), slackUserId: "U0LIATNEW" },
    });
    // Yossi reads English, Noa the company's Hebrew.
    await prisma().employee.update({ where: { slackUserId: "U0YOSSI" }, data: { locale: "en" } });

    await replan(deps());
    const shifts = await prisma().shift.findMany({ where: { status: { not: "CANCELLED" } }, include: { template: true } });
    const dateOf = (d: Date) => localDate(d, zone);
    const mine = shifts.filter((s) => s.employeeId === liat.id && s.isOnboarding);
    // Seats of their own only once the fourteen days are over.
    const seats = shifts.filter((s) => s.employeeId === liat.id && !s.isOnboarding);
    expect(seats.every((s) => dateOf(s.startsAt) >= addDays(start, 14))).toBe(true);
    const days = [...new Set(mine.map((s) => dateOf(s.startsAt)))].sort();
    expect(days.length).toBeGreaterThanOrEqual(8); // ten working days in two weeks, less any closures
    expect(days[0]! >= start && days.at(-1)! < addDays(start, 14)).toBe(true);
    for (const day of days) {
      const onDay = mine.filter((s) => dateOf(s.startsAt) === day);
      // Morning and afternoon beside their seat's holder; the evening has nobody experienced.
      expect(onDay.map((s) => s.template?.key).sort()).toEqual(["afternoon", "morning"]);
      for (const s of onDay) {
        expect(s).toMatchObject({ isOnboarding: true, seat: 2 });
        const holder = shifts.find((o) => o.templateId === s.templateId && o.startsAt.getTime() === s.startsAt.getTime() && o.seat === 1);
        expect(holder?.employeeId).toBe(s.buddyId);
        expect(s.buddyId).not.toBeNull();
      }
    }

    const told = async () =>
      (await prisma().outboxMessage.findMany({ where: { dedupeKey: { startsWith: "SLACK:onboarding-no-mentor:" } }, orderBy: { id: "asc" } })).map((row) => {
        const payload = row.payload as unknown as { to: { user: string }; message: Message };
        // Without the direction isolates around each name and date (Hebrew text wraps them).
        const text = payload.message.blocks.map((b) => ("text" in b ? plainWords(b.text) : "")).join(" | ");
        return { to: payload.to.user, text: text.replace(/[\u2068\u2069]/g, "") };
      });
    const messages = await told();
    // One message per manager per onboarding day (the evening of each).
    expect(messages.filter((m) => m.to === "U0YOSSI")).toHaveLength(days.length);
    expect(messages.filter((m) => m.to === "U0NOA")).toHaveLength(days.length);
    expect(messages.map((m) => m.to).every((to) => to === "U0YOSSI" || to === "U0NOA")).toBe(true);
    const english = messages.find((m) => m.to === "U0YOSSI")!.text;
    expect(english).toMatch(/^Liat New is onboarding on the support line, but no experienced colleague is on .* 17:00–19:00 · Evening to sit beside them\. Put a colleague on that shift, or arrange their onboarding another way\.$/);
    const hebrew = messages.find((m) => m.to === "U0NOA")!.text;
    expect(hebrew).toMatch(/^Liat New בתקופת קליטה בקו התמיכה, אבל במשמרת יום .* 17:00–19:00 · Evening אין עמית\/ה מנוסה שיֵשב\/תֵשב לצדו\/ה\. כדאי לשבץ עמית\/ה למשמרת, או לתאם את הקליטה בדרך אחרת\.$/);

    // Planning again changes nothing and tells nobody twice.
    const again = await replan(deps());
    expect(again).toMatchObject({ created: 0, removed: 0, changes: [] });
    expect(await told()).toEqual(messages);
  });
});
