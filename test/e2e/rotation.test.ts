import { databaseKinds } from "../helpers/databases";
import { BOT_START_TIMEOUT_MS, startBot, type RunningBot } from "../helpers/bot";
import { postSlackCommand, postSlackInteraction, type SlackApiCall } from "../helpers/slack";
import { eventually } from "../helpers/wait";
import { replan } from "../../src/services/rotation/rotation-plan";
import { offerSwap } from "../../src/services/rotation/swaps";
import { createLogger } from "../../src/logger";
import { loadOrganisationFile, type Organisation } from "../../src/config/organisation";

/** The support-line rotation in Slack, driven over signed HTTP against the Slack Web API stand-in. */
describe.each(databaseKinds)("the rotation in Slack on %s", (kind) => {
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
    organisation = (await loadOrganisationFile("examples/org.yml")).organisation;
  }, BOT_START_TIMEOUT_MS);
  afterAll(async () => {
    await bot?.stop();
  });

  const rotation = async (text: string, user: string) => {
    const response = await postSlackCommand(bot.base, { command: "/rotation", text, user_id: user, response_url: bot.slackApi.responseUrl });
    expect(response.status).toBe(200);
    const body = await response.text();
    return body ? JSON.stringify(JSON.parse(body)) : "";
  };
  const responses = () => bot.slackApi.callsOf("response").map((c) => JSON.stringify(c.body));
  const nextResponse = async (before: number) => eventually(() => responses()[before]);
  const json = (call: SlackApiCall) => JSON.stringify(call.body);
  const postsTo = (channel: string) => bot.slackApi.callsOf("chat.postMessage").filter((c) => c.body.channel === channel);
  const employee = (slackUserId: string) => prisma().employee.findUniqueOrThrow({ where: { slackUserId } });
  const click = (user: string, action: string, value: string) =>
    postSlackInteraction(bot.base, {
      type: "block_actions",
      user: { id: user, username: user, team_id: "T0TEST" },
      container: { type: "message", message_ts: "1.000001", channel_id: "D0DM", is_ephemeral: false },
      message: { ts: "1.000001", text: "offer" },
      response_url: bot.slackApi.responseUrl,
      trigger_id: `trigger-${Math.random()}`,
      actions: [{ type: "button", action_id: action, block_id: "b1", value, action_ts: `${Date.now() / 1000}` }],
    });

  it("plans the horizon at start-up from the organisation file, so /rotation mine shows real shifts", async () => {
    const shifts = await prisma().shift.findMany({ include: { template: true } });
    expect(shifts.length).toBeGreaterThan(20);
    expect(new Set(shifts.map((s) => s.template?.key))).toEqual(new Set(["morning", "afternoon"]));
    expect(shifts.every((s) => s.status !== "CANCELLED" && s.employeeId !== null)).toBe(true);
    // Start-up published what is within notice (publish_days_ahead 7, plus the week until the next weekly run), and only that.
    const noticeEnd = Date.now() + 15 * 86_400_000;
    expect(shifts.filter((s) => s.status === "PUBLISHED").length).toBeGreaterThan(5);
    expect(shifts.filter((s) => s.status === "PUBLISHED").every((s) => s.startsAt.getTime() < noticeEnd)).toBe(true);
    expect(shifts.filter((s) => s.status === "PLANNED").every((s) => s.startsAt.getTime() > Date.now() + 12 * 86_400_000)).toBe(true);
    // Nobody holds two shifts of the same day: rest (11 h) forbids the afternoon after a morning.
    const perDay = new Map<string, number>();
    for (const s of shifts) perDay.set(`${s.employeeId}:${s.startsAt.toISOString().slice(0, 10)}`, (perDay.get(`${s.employeeId}:${s.startsAt.toISOString().slice(0, 10)}`) ?? 0) + 1);
    expect(Math.max(...perDay.values())).toBe(1);

    const someone = await prisma().employee.findUniqueOrThrow({ where: { id: shifts[0]!.employeeId! } });
    if (someone.slackUserId) {
      const answer = await rotation("mine", someone.slackUserId);
      expect(answer).toContain(`#${shifts[0]!.id}`);
    }
  });

  it("plans again without changing anything when nothing changed", async () => {
    const before = await prisma().shift.findMany({ orderBy: { id: "asc" }, select: { id: true, employeeId: true } });
    const result = await replan(deps());
    expect(result).toMatchObject({ created: 0, removed: 0, changes: [] });
    expect(await prisma().shift.findMany({ orderBy: { id: "asc" }, select: { id: true, employeeId: true } })).toEqual(before);
  });

  it("refuses /rotation publish to a non-administrator, in Hebrew for a Hebrew speaker", async () => {
    const published = await prisma().shift.count({ where: { status: "PUBLISHED" } });
    const answer = await rotation("publish", "U0MOSHE");
    expect(answer).toContain("רק מנהלי מערכת");
    expect(await prisma().shift.count({ where: { status: "PUBLISHED" } })).toBe(published);
  });

  it("publishes at an administrator's word: each person gets a direct message, each department channel its people's shifts", async () => {
    const before = responses().length;
    expect(await rotation("publish", "U0DANA")).toBe("");
    expect(await nextResponse(before)).toMatch(/פורסמו \d+ משמרות|אין מה לפרסם/);
    const published = await prisma().shift.findMany({ where: { status: "PUBLISHED" }, include: { employee: true } });
    expect(published.length).toBeGreaterThan(20);
    const withSlack = published.find((s) => s.employee?.slackUserId);
    await eventually(() => bot.slackApi.callsOf("chat.postMessage").find((c) => c.body.channel === withSlack!.employee!.slackUserId && json(c).includes(`#${withSlack!.id}`)));
    const billing = published.find((s) => s.employee?.email === "dana@acme.example" || s.employee?.email === "moshe@acme.example");
    if (billing) await eventually(() => postsTo("C0BILLING").find((c) => json(c).includes(`#${billing.id}`)));
  });

  it("answers /rotation now with who is on the line next", async () => {
    const answer = await rotation("now", "U0OMER");
    expect(answer).toMatch(/Next|הבא/);
  });

  it("records an absence and hands its published shifts to colleagues, telling both", async () => {
    const shift = await prisma().shift.findFirstOrThrow({ where: { status: "PUBLISHED", employee: { slackUserId: { not: null } }, startsAt: { gt: new Date(Date.now() + 86_400_000) } }, include: { employee: true } });
    const holder = shift.employee!;
    const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jerusalem" }).format(shift.startsAt);
    const before = responses().length;
    expect(await rotation(`away ${day} ${day}`, holder.slackUserId!)).toBe("");
    expect(await nextResponse(before)).toContain(day);
    const after = await prisma().shift.findUniqueOrThrow({ where: { id: shift.id } });
    expect(after.employeeId).not.toBe(holder.id);
    expect(await prisma().absence.count({ where: { employeeId: holder.id } })).toBe(1);
    await eventually(() => postsTo(holder.slackUserId!).find((c) => json(c).includes(`#${shift.id}`) && /no longer|כבר לא/.test(json(c))));
  });

  it("answers unreadable dates with the usage, and records nothing", async () => {
    const absences = await prisma().absence.count();
    const answer = await rotation("away 31.02 soon", "U0DANIEL");
    expect(answer).toContain("could not read those dates");
    expect(await prisma().absence.count()).toBe(absences);
  });

  it("swaps a shift with a named colleague who accepts with a button, once under a double click", async () => {
    const shifts = await prisma().shift.findMany({ where: { status: "PUBLISHED", startsAt: { gt: new Date(Date.now() + 86_400_000) } }, include: { employee: true }, orderBy: { startsAt: "asc" } });
    const slackPeople = await prisma().employee.findMany({ where: { slackUserId: { not: null }, active: true } });
    // A giver with Slack, and a taker with no shift within two days either side (rest, overlap, weekly maximum).
    let pair: { shift: (typeof shifts)[number]; taker: (typeof slackPeople)[number] } | undefined;
    for (const shift of shifts.filter((s) => s.employee?.slackUserId)) {
      const taker = slackPeople.find(
        (p) =>
          p.id !== shift.employeeId &&
          !shifts.some((s) => s.employeeId === p.id && Math.abs(s.startsAt.getTime() - shift.startsAt.getTime()) < 5 * 86_400_000),
      );
      if (taker) {
        pair = { shift, taker };
        break;
      }
    }
    if (!pair) throw new Error("no swappable pair in the plan");
    const { shift, taker } = pair;
    const giver = shift.employee!;
    const before = responses().length;
    expect(await rotation(`swap #${shift.id} <@${taker.slackUserId}|${taker.name}>`, giver.slackUserId!)).toBe("");
    expect(await nextResponse(before)).toContain(`#${shift.id}`);
    expect(responses()[before]).not.toMatch(/cannot|אי אפשר|not one of|איננה/);
    const offer = await eventually(() => postsTo(taker.slackUserId!).find((c) => json(c).includes("rotation.accept")));
    const swap = await prisma().swapRequest.findFirstOrThrow({ where: { shiftId: shift.id } });
    expect(json(offer)).toContain(`"value":"${swap.id}"`);

    // Someone else cannot take an offer made to the taker.
    const other = slackPeople.find((p) => p.id !== taker.id && p.id !== giver.id)!;
    await click(other.slackUserId!, "rotation.accept", String(swap.id));
    await click(taker.slackUserId!, "rotation.accept", String(swap.id));
    await click(taker.slackUserId!, "rotation.accept", String(swap.id));
    await eventually(async () => (await prisma().shift.findUniqueOrThrow({ where: { id: shift.id } })).employeeId === taker.id || undefined);
    const moved = await prisma().shift.findUniqueOrThrow({ where: { id: shift.id } });
    expect(moved).toMatchObject({ employeeId: taker.id, pinned: true });
    expect(await prisma().swapRequest.findUniqueOrThrow({ where: { id: swap.id } })).toMatchObject({ status: "APPROVED", toEmployeeId: taker.id });
    await eventually(() => responses().find((r) => /someone else|למישהו אחר/.test(r)));
    await eventually(() => responses().find((r) => /no longer open|כבר לא פתוחה/.test(r)));
    await eventually(() => postsTo(giver.slackUserId!).find((c) => /Swap done|ההחלפה בוצעה/.test(json(c))));

    // The swap survives re-planning.
    await replan(deps());
    expect((await prisma().shift.findUniqueOrThrow({ where: { id: shift.id } })).employeeId).toBe(taker.id);
  });

  it("waits for the giver's manager when the organisation file asks for approval, and refuses the approval to anyone else", async () => {
    const moshe = await employee("U0MOSHE");
    // Moshe works half time: on some days the published week holds no shift of his after tomorrow; then he is given one.
    const later = { status: "PUBLISHED" as const, isOnboarding: false, startsAt: { gt: new Date(Date.now() + 86_400_000) } };
    const shift =
      (await prisma().shift.findFirst({ where: { ...later, employeeId: moshe.id } })) ??
      (await prisma().shift.update({
        where: { id: (await prisma().shift.findFirstOrThrow({ where: { ...later, employeeId: { not: null } }, orderBy: { startsAt: "desc" } })).id },
        data: { employeeId: moshe.id, pinned: true },
      }));
    // A taker whom nothing keeps from the shift: earlier tests record absences and move shifts, depending on today's date.
    const planned = await prisma().shift.findMany({ where: { status: "PUBLISHED" } });
    const absent = await prisma().absence.findMany();
    const candidates = await prisma().employee.findMany({ where: { active: true, slackUserId: { notIn: ["U0MOSHE", "U0DANA", "U0DANIEL"] } }, orderBy: { id: "asc" } });
    const taker = candidates.find(
      (p) =>
        p.slackUserId !== null &&
        !absent.some((a) => a.employeeId === p.id) &&
        !planned.some((s) => s.employeeId === p.id && Math.abs(s.startsAt.getTime() - shift.startsAt.getTime()) < 5 * 86_400_000),
    );
    if (!taker) throw new Error("nobody free to take the shift");
    const strict = { ...organisation, supportLine: { ...organisation.supportLine, swapNeedsApproval: true } };
    const offered = await offerSwap({ ...deps(), organisation: () => strict }, "offer-approval", { employeeId: moshe.id, shiftId: shift.id });
    expect(offered).toMatchObject({ kind: "answer", text: expect.stringContaining(`#${shift.id}`) });
    const swap = await prisma().swapRequest.findFirstOrThrow({ where: { shiftId: shift.id, status: "OFFERED" } });
    expect(swap.needsManagerApproval).toBe(true);

    await click(taker.slackUserId!, "rotation.accept", String(swap.id));
    await eventually(async () => (await prisma().swapRequest.findUniqueOrThrow({ where: { id: swap.id } })).status === "ACCEPTED" || undefined);
    expect((await prisma().shift.findUniqueOrThrow({ where: { id: shift.id } })).employeeId).toBe(moshe.id);
    // Dana manages billing (Moshe's department): she is asked.
    await eventually(() => prisma().outboxMessage.findFirst({ where: { dedupeKey: { contains: `swap:${swap.id}:approval:` } } }));

    await click("U0DANIEL", "rotation.approve", String(swap.id));
    await eventually(() => responses().find((r) => r.includes("Only") && r.includes("may approve")));
    expect((await prisma().shift.findUniqueOrThrow({ where: { id: shift.id } })).employeeId).toBe(moshe.id);

    await click("U0DANA", "rotation.approve", String(swap.id));
    await eventually(async () => (await prisma().shift.findUniqueOrThrow({ where: { id: shift.id } })).employeeId === taker.id || undefined);
    expect(await prisma().swapRequest.findUniqueOrThrow({ where: { id: swap.id } })).toMatchObject({ status: "APPROVED", decidedById: (await employee("U0DANA")).id });
  });

  it("answers an offer to someone the organisation file does not list, and offers nothing", async () => {
    const shift = await prisma().shift.findFirstOrThrow({ where: { status: "PUBLISHED", startsAt: { gt: new Date() }, employee: { slackUserId: { not: null } } }, include: { employee: true } });
    const swaps = await prisma().swapRequest.count();
    const before = responses().length;
    await rotation(`swap #${shift.id} <@U0STRANGER|stranger>`, shift.employee!.slackUserId!);
    await eventually(() => responses().slice(before).find((r) => /not in the organisation file|לא מופיע/.test(r)));
    expect(await prisma().swapRequest.count()).toBe(swaps);
  });

  it("hands a leaver's published shifts to colleagues when the organisation changes, and tells the channel about a seat nobody can take", async () => {
    const leaver = await prisma().employee.findFirstOrThrow({
      where: { shifts: { some: { status: "PUBLISHED", startsAt: { gt: new Date() } } }, slackUserId: { not: null }, email: { not: "dana@acme.example" } },
    });
    const theirs = await prisma().shift.findMany({ where: { employeeId: leaver.id, status: "PUBLISHED", startsAt: { gt: new Date() } } });
    await prisma().employee.update({ where: { id: leaver.id }, data: { active: false } });
    const result = await replan(deps());
    expect(result.changes.map((c) => c.shiftId).sort()).toEqual(expect.arrayContaining(theirs.map((s) => s.id).sort()));
    for (const shift of theirs) {
      const now = await prisma().shift.findUniqueOrThrow({ where: { id: shift.id } });
      expect(now.employeeId).not.toBe(leaver.id);
      const told = await prisma().outboxMessage.findMany({ where: { dedupeKey: { contains: `:${shift.id}:` } } });
      expect(told.some((m) => m.dedupeKey.includes(`from:${leaver.id}`))).toBe(true);
      const taker = now.employeeId ? await prisma().employee.findUniqueOrThrow({ where: { id: now.employeeId } }) : null;
      // Taken: the taker is told where the bot reaches them (Slack here); not taken: the support-line channel is.
      if (!taker || taker.slackUserId) {
        expect(told.some((m) => (taker ? m.dedupeKey.includes(`to:${taker.id}`) : m.dedupeKey.endsWith(":open")))).toBe(true);
      }
    }
    await prisma().employee.update({ where: { id: leaver.id }, data: { active: true } });
  });

  it("lets a manager see the fairness report and refuses it to others", async () => {
    expect(await rotation("fairness", "U0OMER")).toMatch(/Only managers|רק מנהלים/);
    const before = responses().length;
    expect(await rotation("fairness", "U0MICHAL")).toBe("");
    // Michal's report, to her alone: the support-line hours of everyone in the rotation, by department.
    const report = JSON.parse(await nextResponse(before)) as { response_type: string; blocks: { text?: { text: string } }[] };
    expect(report.response_type).toBe("ephemeral");
    expect(report.blocks[0]!.text!.text).toMatch(/^\u200fשעות בקו התמיכה: \u2068/);
    const byDepartment = report.blocks.find((b) => b.text?.text.startsWith("\u200f*לפי מחלקה*"))!.text!.text.split("\n").slice(1);
    expect(byDepartment.map((line) => line.split(" · ").slice(0, 2).join(" · "))).toEqual([
      "\u200f\u2068חנויות\u2069 · \u20683\u2069 ברוטציה",
      "\u200f\u2068חשבונות\u2069 · \u20683\u2069 ברוטציה",
      "\u200f\u2068שיווק\u2069 · \u20683\u2069 ברוטציה",
      "\u200f\u2068שירות לקוחות\u2069 · \u20683\u2069 ברוטציה",
      "\u200fכולם · \u206812\u2069 ברוטציה",
    ]);
  });

  it("switches to the evening reminder, and explains an unknown word", async () => {
    expect(await rotation("remind evening", "U0DANIEL")).toContain("18:00");
    expect((await employee("U0DANIEL")).reminderStyle).toBe("EVENING");
    expect(await rotation("dance", "U0DANIEL")).toContain("/rotation mine");
  });
});
