/**
 * The console's rotation calendar over real HTTP, on the demo's rotation (four weeks planned,
 * the first published): the week and the month show the shifts with their people, day by
 * day; a manager approves a swap from it and the calendar then shows the new person; an
 * employee gets no manager's forms and forged manager's posts are refused by the services;
 * the fairness chart and the hours CSV follow the chat's permissions; a Hebrew reader gets
 * the page right to left.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadOrganisationFile } from "../../src/config/organisation";
import { localDate } from "../../src/services/rotation/rotation-calendar";
import { refusalToTake } from "../../src/services/rotation/shift-eligibility";
import { BOT_START_TIMEOUT_MS, type RunningBot } from "../helpers/bot";
import { databaseKinds } from "../helpers/databases";
import { formFor, hiddenValue, startWebDemo, WebClient, type Page } from "../helpers/web";

const ZONE = "Asia/Jerusalem";
const DAY_MS = 86_400_000;
const PATH = "/app/console/rotation";

/** The Sunday-to-Saturday week holding a date, as dates. */
function weekOf(date: string): string[] {
  const noon = new Date(`${date}T12:00:00Z`);
  const sunday = noon.getTime() - noon.getUTCDay() * DAY_MS;
  return Array.from({ length: 7 }, (_, i) => new Date(sunday + i * DAY_MS).toISOString().slice(0, 10));
}

describe.each(databaseKinds)("the console's rotation calendar (%s)", (kind) => {
  let bot: RunningBot;
  let folder: string;

  beforeAll(async () => {
    // Swaps wait for the giver's manager here, so that the console has approvals to give.
    folder = mkdtempSync(join(tmpdir(), "console-rotation-"));
    const org = join(folder, "org.yml");
    // A French-speaking line nobody can staff: its seats stay empty, for a reason the planner gives.
    const french = `    - key: french\n      name: French line\n      start: "17:00"\n      end: "19:00"\n      language: fr\n  department_cap:`;
    const text = readFileSync("examples/org.yml", "utf8").replace("swap_needs_approval: false", "swap_needs_approval: true").replace(/^ {2}department_cap:/m, french);
    if (!text.includes("swap_needs_approval: true") || !text.includes("key: french")) throw new Error("examples/org.yml changed: the test's organisation could not be made from it");
    writeFileSync(org, text);
    bot = await startWebDemo(kind, org);
  }, BOT_START_TIMEOUT_MS);

  afterAll(async () => {
    await bot?.stop();
    rmSync(folder, { recursive: true, force: true });
  }, BOT_START_TIMEOUT_MS);

  const prisma = () => bot.app.db.prisma;
  const as = async (name: string) => {
    const client = new WebClient(bot.base);
    await client.beAs(name);
    return client;
  };
  const idOf = async (name: string) => (await prisma().employee.findFirstOrThrow({ where: { name }, select: { id: true } })).id;
  /** Colleagues who might take a shift, by name. */
  const everyoneBut = async (...names: string[]) =>
    (await prisma().employee.findMany({ where: { active: true, name: { notIn: names } }, orderBy: { name: "asc" }, select: { name: true } })).map((e) => e.name);
  /** The calendar's row of a date: its <tr> … </tr>. */
  const rowOf = (page: Page, date: string) => new RegExp(`<tr[^>]*><th scope="row"[^>]*><time datetime="${date}">[\\s\\S]*?</tr>`).exec(page.html)?.[0] ?? "";
  const namesIn = (part: string) => [...part.matchAll(/<li class="seat[^"]*"><bdi>([^<]*)<\/bdi>/g)].map((m) => m[1]!).sort();
  /** Who holds the shifts of a date, straight from the database. */
  const namesOn = async (date: string, departmentKey?: string) => {
    const rows = await prisma().shift.findMany({
      where: {
        status: { not: "CANCELLED" },
        employeeId: { not: null },
        startsAt: { gte: new Date(new Date(`${date}T00:00:00Z`).getTime() - 3 * 3_600_000), lt: new Date(new Date(`${date}T00:00:00Z`).getTime() + DAY_MS) },
        ...(departmentKey ? { employee: { department: { key: departmentKey } } } : {}),
      },
      select: { startsAt: true, employee: { select: { name: true } } },
    });
    return rows.filter((r) => localDate(r.startsAt, ZONE) === date).map((r) => r.employee!.name).sort();
  };
  /**
   * The week after the first published shift's: planned from its first day to its last. The
   * first week starts now, so late on its first working day that day has no shifts left.
   */
  const firstPublishedWeek = async () => {
    const first = await prisma().shift.findFirstOrThrow({ where: { status: "PUBLISHED" }, orderBy: { startsAt: "asc" }, select: { startsAt: true } });
    return weekOf(localDate(new Date(first.startsAt.getTime() + 7 * DAY_MS), ZONE));
  };

  it("shows an employee the week's shifts with their people, day by day, their own marked, and no manager's forms", async () => {
    const week = await firstPublishedWeek();
    // One of the week's published shifts is Daniel's, so that his own shift is marked.
    const daniel = await idOf("Daniel Green");
    const shift = await prisma().shift.findFirstOrThrow({ where: { status: "PUBLISHED", isOnboarding: false, startsAt: { gte: new Date(`${week[0]}T00:00:00Z`) } }, orderBy: { startsAt: "asc" } });
    await prisma().shift.update({ where: { id: shift.id }, data: { employeeId: daniel, pinned: true } });

    const client = await as("Daniel Green");
    const page = await client.get(`${PATH}?view=week&start=${week[3]}&department=company`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<th scope="col">Day</th><th scope="col">Morning</th><th scope="col">Afternoon</th><th scope="col">French line</th>');
    for (const date of week.slice(0, 5)) {
      const names = await namesOn(date);
      expect(names.length).toBeGreaterThan(0);
      expect(namesIn(rowOf(page, date))).toEqual(names);
    }
    expect(page.html).toContain(`<li class="seat seat-mine"><bdi>Daniel Green</bdi> <span class="context">#${shift.id}</span> <strong class="seat-mine-label">your shift</strong></li>`);
    // Every French seat of the week's working days is empty, and says why.
    for (const date of week.slice(0, 5)) {
      expect(rowOf(page, date)).toMatch(/<td><span class="slot-time"><bdi>15:00–17:00<\/bdi><\/span><ul class="seats"><li class="seat seat-empty">Empty seat: nobody has the language or skill it needs<\/li><\/ul><\/td><\/tr>$/);
    }
    // Friday and Saturday are not working days of the line.
    expect(rowOf(page, week[5]!)).toContain('<td class="context">No shift</td>');
    expect(rowOf(page, week[6]!)).toContain('<td class="context">No shift</td>');
    expect(page.html).not.toContain(`action="${PATH}/assign"`);
    expect(page.html).not.toContain(`action="${PATH}/absence"`);
    expect(page.html).not.toContain("/hours.csv");
    expect(page.html).toContain("Managers see their people&#39;s hours, and administrators everyone&#39;s.");
    expect(page.html).toMatch(/<section aria-labelledby="rotation-feed"><h2 id="rotation-feed">Your calendar feed<\/h2><p><a href="http:\/\/127\.0\.0\.1:\d+\/calendar\/[\w-]+\.ics">Subscribe to your shifts in your calendar app<\/a>/);
  });

  it("names the week and the month it shows, from the company's first working day, with links to the ones around", async () => {
    const client = await as("Daniel Green");
    const week = await client.get(`${PATH}?view=week&start=2027-03-10&department=company`);
    expect(week.html).toContain("<caption><bdi>The company</bdi>: support-line shifts from Sun 7 Mar to Sat 13 Mar</caption>");
    expect(week.html).toContain(`href="${PATH}?view=week&amp;start=2027-02-28&amp;department=company" rel="prev">Previous week</a>`);
    expect(week.html).toContain(`href="${PATH}?view=week&amp;start=2027-03-14&amp;department=company" rel="next">Next week</a>`);
    // Far beyond the planning horizon nothing is planned yet: no seat is called empty.
    expect(week.html).not.toContain("Empty seat");
    const month = await client.get(`${PATH}?view=month&start=2026-02-10&department=billing`);
    expect(month.html).toContain("<caption><bdi>חשבונות</bdi>: support-line shifts from Sun 1 Feb to Sat 28 Feb</caption>");
    expect(month.html).toContain(`href="${PATH}?view=month&amp;start=2026-01-01&amp;department=billing" rel="prev">Previous month</a>`);
    expect(month.html).toContain(`href="${PATH}?view=month&amp;start=2026-03-01&amp;department=billing" rel="next">Next month</a>`);
    expect(/<table class="rotation-calendar[^]*?<\/table>/.exec(month.html)![0].match(/<th scope="row"/g)).toHaveLength(28);
    expect((await client.get(`${PATH}?department=nowhere`)).status).toBe(404);
    // Without a date: the week holding today, today's row marked for the eye and for screen readers.
    const today = localDate(new Date(), ZONE);
    const current = await client.get(PATH);
    expect(current.html).toContain(`<tr class="today"><th scope="row" aria-current="date"><time datetime="${today}">`);
    expect(current.html.match(/aria-current="date"/g)).toHaveLength(1);
  });

  it("shows the month's shifts, and one department's people alone", async () => {
    const week = await firstPublishedWeek();
    const client = await as("Daniel Green");
    const month = await client.get(`${PATH}?view=month&start=${week[0]}&department=company`);
    expect(month.html).toContain(`<time datetime="${week[0]!.slice(0, 8)}01">`);
    for (const date of week.slice(0, 5).filter((d) => d.slice(0, 7) === week[0]!.slice(0, 7))) expect(namesIn(rowOf(month, date))).toEqual(await namesOn(date));
    const marketing = await client.get(`${PATH}?view=week&start=${week[0]}&department=marketing`);
    for (const date of week.slice(0, 5)) expect(namesIn(rowOf(marketing, date))).toEqual(await namesOn(date, "marketing"));
    const everyone = new Set(week.slice(0, 5).flatMap((d) => namesIn(rowOf(marketing, d))));
    for (const name of everyone) expect(["יוסי אברהם", "נועה פרץ", "Daniel Green"]).toContain(name);
  });

  it("lets the giver's manager approve a swap from the calendar, refuses it to an employee, and then shows the new person", async () => {
    // A billing person's published shift, offered to anyone and taken by a colleague the rules allow.
    const giver = await prisma().employee.findFirstOrThrow({ where: { name: "משה כהן" } });
    const shift = await prisma().shift.findFirstOrThrow({ where: { status: "PUBLISHED", isOnboarding: false, startsAt: { gt: new Date(Date.now() + DAY_MS) } }, orderBy: { startsAt: "asc" }, include: { template: true } });
    await prisma().shift.update({ where: { id: shift.id }, data: { employeeId: giver.id, pinned: true } });
    const { organisation } = await loadOrganisationFile(bot.orgFile);
    const view = { id: shift.id, startsAt: shift.startsAt, templateKey: shift.template!.key };
    let takerName: string | undefined;
    for (const name of await everyoneBut("משה כהן")) {
      const id = await idOf(name);
      if (!(await prisma().$transaction((tx) => refusalToTake(tx, organisation, view, id)))) {
        takerName = name;
        break;
      }
    }
    expect(takerName).toBeDefined();
    const date = localDate(shift.startsAt, ZONE);

    const moshe = await as("משה כהן");
    const home = await moshe.get("/app");
    const offered = await moshe.request("/app/command", { form: { _csrf: hiddenValue(home.html, "_csrf")!, request: crypto.randomUUID(), text: `rotation swap #${shift.id}` } });
    expect(offered.status).toBe(200);
    const swap = await prisma().swapRequest.findFirstOrThrow({ where: { shiftId: shift.id }, orderBy: { id: "desc" } });
    const taker = await as(takerName!);
    const takerHome = await taker.get("/app");
    await taker.request("/app/action", { form: { _csrf: hiddenValue(takerHome.html, "_csrf")!, request: crypto.randomUUID(), action: "rotation.accept", value: String(swap.id) } });
    expect((await prisma().swapRequest.findUniqueOrThrow({ where: { id: swap.id } })).status).toBe("ACCEPTED");

    // An employee sees the swap waiting but no button, and a forged approval is refused.
    const daniel = await as("Daniel Green");
    const seen = await daniel.get(`${PATH}?view=week&start=${date}&department=billing`);
    expect(seen.html).toMatch(new RegExp(`<li class="swap" data-swap="${swap.id}">[^]*?<bdi>משה כהן</bdi> → taken by <bdi>${takerName}</bdi>, waiting for a manager</li>`));
    expect(seen.html).not.toContain('name="action" value="rotation.approve"');
    // The token of a page he may see (his home), as someone crafting the post would take it.
    const token = hiddenValue((await daniel.get("/app")).html, "_csrf")!;
    const forged = await daniel.request("/app/action", { form: { _csrf: token, request: crypto.randomUUID(), action: "rotation.approve", value: String(swap.id) } });
    expect(forged.html).toContain("Only ⁨דנה לוי⁩ may approve this swap.");
    const forgedAssign = await daniel.request(`${PATH}/assign`, { form: { _csrf: token, request: crypto.randomUUID(), shift: String(shift.id), person: String(await idOf("Daniel Green")) } });
    expect(forgedAssign.html).toContain(`Only the person&#39;s manager or an administrator can reassign shift #${shift.id}.`);
    const absences = await prisma().absence.count();
    const forgedAbsence = await daniel.request(`${PATH}/absence`, { form: { _csrf: token, request: crypto.randomUUID(), employee: String(giver.id), from: date, to: date } });
    expect(forgedAbsence.html).toContain("Only that person&#39;s manager or an administrator may mark them away.");
    expect(await prisma().absence.count()).toBe(absences);
    expect((await prisma().shift.findUniqueOrThrow({ where: { id: shift.id } })).employeeId).toBe(giver.id);
    // Without the page's token the post does not reach the services at all.
    expect((await daniel.request("/app/action", { form: { action: "rotation.approve", value: String(swap.id) } })).status).toBe(403);

    // The manager, in Hebrew, right to left, approves it from the calendar.
    const dana = await as("דנה לוי");
    const before = await dana.get(`${PATH}?view=week&start=${date}&department=billing`);
    expect(before.html).toContain('<html lang="he" dir="rtl">');
    expect(before.html).toContain("<h1>תורנות</h1>");
    expect(namesIn(rowOf(before, date))).toContain("משה כהן");
    const approve = formFor(/<li class="swap" data-swap="\d+">[^]*?<\/li>/.exec(before.html.slice(before.html.indexOf(`data-swap="${swap.id}"`) - 20))![0], "rotation.approve");
    expect(approve).toBeDefined();
    const done = await dana.submit(before, approve!);
    expect(done.status).toBe(200);
    expect(done.html).toContain("ההחלפה בוצעה");
    expect((await prisma().shift.findUniqueOrThrow({ where: { id: shift.id } })).employeeId).toBe(await idOf(takerName!));
    const after = await dana.get(`${PATH}?view=week&start=${date}&department=company`);
    expect(after.html).toContain(`<li class="seat"><bdi>${takerName}</bdi> <span class="context">#${shift.id}</span></li>`);
    expect(after.html).not.toContain(`data-swap="${swap.id}"`);
  });

  it("lets a manager assign a shift and mark one of their people away from the calendar", async () => {
    const yossi = await as("יוסי אברהם");
    const noa = await idOf("נועה פרץ");
    const week = await firstPublishedWeek();
    const page = await yossi.get(`${PATH}?view=week&start=${week[0]}&department=marketing`);
    const assign = formFor(page.html, `${PATH}/assign`);
    const absence = formFor(page.html, `${PATH}/absence`);
    expect(absence).toBeDefined();
    // Yossi may mark only marketing's people away: Noa, Daniel and himself.
    const offeredPeople = [...absence!.matchAll(/<option value="(\d+)">([^<]*)<\/option>/g)].map((m) => m[2]).sort();
    expect(offeredPeople).toEqual(["Daniel Green", "יוסי אברהם", "נועה פרץ"].sort());
    const today = localDate(new Date(), ZONE);
    const later = new Date(`${today}T12:00:00Z`);
    const from = new Date(later.getTime() + 20 * DAY_MS).toISOString().slice(0, 10);
    const marked = await yossi.submit(page, absence!, { employee: String(noa), from, to: from });
    expect(marked.html).toContain("נועה פרץ");
    expect(await prisma().absence.count({ where: { employeeId: noa, startsOn: new Date(`${from}T00:00:00Z`) } })).toBe(1);
    // The shifts he may give to someone else are his people's, each with who holds it now.
    const offeredShifts = [...assign!.slice(assign!.indexOf('name="shift"')).matchAll(/<option value="(\d+)">[^<]*· ([^<]*)<\/option>/g)];
    expect(offeredShifts.length).toBeGreaterThan(0);
    for (const [, , holder] of offeredShifts) expect(["Daniel Green", "יוסי אברהם", "נועה פרץ"]).toContain(holder);
    const [, shiftId, holder] = offeredShifts[0]!;
    const shift = await prisma().shift.findUniqueOrThrow({ where: { id: Number(shiftId) }, include: { template: true } });
    const { organisation } = await loadOrganisationFile(bot.orgFile);
    let takerName: string | undefined;
    for (const name of await everyoneBut("Daniel Green", "יוסי אברהם", "נועה פרץ")) {
      const id = await idOf(name);
      const refused = await prisma().$transaction((tx) => refusalToTake(tx, organisation, { id: shift.id, startsAt: shift.startsAt, templateKey: shift.template!.key }, id));
      if (!refused && name !== holder) {
        takerName = name;
        break;
      }
    }
    const given = await yossi.submit(page, assign!, { shift: shiftId!, person: String(await idOf(takerName!)) });
    // The service answers in the manager's language as the organisation knows it (Hebrew, the company's).
    expect(given.html).toContain(`משמרת #${shiftId} שייכת עכשיו ל⁨${takerName}⁩; שניהם קיבלו הודעה.`);
    const after = await yossi.get(`${PATH}?view=week&start=${week[0]}&department=company`);
    expect(after.html).toContain(`<li class="seat"><bdi>${takerName}</bdi> <span class="context">#${shiftId}</span></li>`);
  });

  it("shows a manager their department's hours against target as a chart and a table, and serves the hours CSV to them alone", async () => {
    const yossi = await as("יוסי אברהם");
    const page = await yossi.get(`${PATH}?department=marketing`);
    expect(page.html).toContain('role="img" aria-labelledby="rotation-chart-people"');
    for (const name of ["Daniel Green", "יוסי אברהם", "נועה פרץ"]) expect(page.html).toContain(`<tr><th scope="row"><bdi>${name}</bdi></th><td><bdi>שיווק</bdi></td>`);
    expect(page.html).not.toContain("<bdi>משה כהן</bdi></th>");
    // Each of his people's calendar feeds, for him to hand on or check.
    const { calendarToken } = await prisma().employee.findFirstOrThrow({ where: { name: "Daniel Green" }, select: { calendarToken: true } });
    expect(page.html).toMatch(new RegExp(`<tr><th scope="row"><bdi>Daniel Green</bdi></th>.*?<td><a href="http://127\\.0\\.0\\.1:\\d+/calendar/${calendarToken}\\.ics">Subscribe</a></td></tr>`));
    expect(page.html).toContain(`href="${PATH}/hours.csv?department=marketing"`);

    const csv = await yossi.get(`${PATH}/hours.csv?department=marketing`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = csv.html.trim().split(/\r?\n/);
    expect(lines[0]).toBe("email,name,department,department_name,fte,target_hours,worked_hours,scheduled_hours,shifts,difference_hours,active");
    expect(lines.slice(1).map((l) => l.split(",")[0]).sort()).toEqual(["daniel@acme.example", "noa@acme.example", "yossi@acme.example"]);
    expect((await yossi.get(`${PATH}/hours.csv?department=billing`)).status).toBe(403);
    expect((await yossi.get(`${PATH}/hours.csv?department=company`)).status).toBe(403);
    const daniel = await as("Daniel Green");
    expect((await daniel.get(`${PATH}/hours.csv?department=marketing`)).status).toBe(403);
    const dana = await as("דנה לוי");
    const company = await dana.get(`${PATH}/hours.csv?department=company`);
    expect(company.html.trim().split(/\r?\n/)).toHaveLength(1 + 12);
  });
});
