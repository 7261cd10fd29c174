/**
 * The rest of the monthly report besides the complaint figures: what is the same for
 * everyone (the story of the month, the ideas approved and done company-wide), and what is
 * each person's (news of their own ideas, their hours on the support line against their
 * target, their next shifts), each read for everyone at once so that ten thousand reports
 * take a handful of queries.
 */
import { DateTime } from "luxon";
import { truncate } from "../../domain/text-safety";
import { monthBounds, type ReportMonth } from "../../domain/reports/report-month";
import type { IdeaStatus } from "../../generated/prisma/enums";
import type { ServiceDeps } from "../deps";
import { hoursReport } from "../rotation/hours-report";
import type { ShiftView } from "../rotation/shift-views";
import { rankStories } from "../stories/story-reactions";

export interface StoryOfMonth {
  id: number;
  excerpt: string;
  author: string;
  people: number;
}

export interface IdeaNews {
  id: number;
  title: string;
  status: IdeaStatus;
}

export interface SharedContext {
  story?: StoryOfMonth;
  approved: { count: number; titles: IdeaNews[] };
  done: { count: number; titles: IdeaNews[] };
}

/** What the report says of a shift to come. */
export type NextShift = Pick<ShiftView, "id" | "templateKey" | "templateName" | "startsAt" | "endsAt">;

export interface PersonalContext {
  ideas: IdeaNews[];
  hours?: { worked: number; target: number };
  nextShifts: NextShift[];
}

const LISTED_IDEAS = 3;
const NEXT_SHIFTS = 3;
const STORY_EXCERPT = 200;

export async function sharedContext(deps: Pick<ServiceDeps, "prisma">, month: ReportMonth, timezone: string): Promise<SharedContext> {
  const { start, end } = monthBounds(month, timezone);
  const [best] = await rankStories(deps.prisma, { from: start, to: end, reactedUntil: end });
  let story: StoryOfMonth | undefined;
  if (best && best.people > 0) {
    const row = await deps.prisma.serviceStory.findUniqueOrThrow({ where: { id: best.storyId }, select: { id: true, text: true, author: { select: { name: true } } } });
    story = { id: row.id, excerpt: truncate(row.text, STORY_EXCERPT), author: row.author.name, people: best.people };
  }
  const reached = async (status: IdeaStatus) => {
    const where = { toStatus: status, createdAt: { gte: start, lt: end } };
    const [count, events] = await Promise.all([
      deps.prisma.ideaEvent.findMany({ where, distinct: ["ideaId"], select: { ideaId: true } }).then((rows) => rows.length),
      deps.prisma.ideaEvent.findMany({ where, distinct: ["ideaId"], orderBy: { createdAt: "desc" }, take: LISTED_IDEAS, select: { idea: { select: { id: true, title: true, status: true } } } }),
    ]);
    return { count, titles: events.map((e) => e.idea) };
  };
  return { story, approved: await reached("APPROVED"), done: await reached("DONE") };
}

/** Hours on the line in a month (worked and still scheduled) against what was owed, by employee id. */
export type MonthHours = Map<number, { worked: number; target: number }>;

/**
 * Everyone's hours on the line in the month, from one hours report for the whole company
 * (read once per run, not per chunk of readers); empty without an organisation.
 */
export async function monthHours(deps: Pick<ServiceDeps, "prisma" | "organisation">, month: ReportMonth, timezone: string, now: Date): Promise<MonthHours> {
  const hours: MonthHours = new Map();
  if (!deps.organisation()) return hours;
  const { start, end } = monthBounds(month, timezone);
  const from = DateTime.fromJSDate(start, { zone: timezone }).toISODate()!;
  const to = DateTime.fromJSDate(end, { zone: timezone }).minus({ days: 1 }).toISODate()!;
  const report = await hoursReport(deps, { from, to, now });
  for (const person of report.people) {
    if (person.targetHours + person.workedHours + person.scheduledHours > 0) {
      hours.set(person.employeeId, { worked: person.workedHours + person.scheduledHours, target: person.targetHours });
    }
  }
  return hours;
}

/** Each person's part, by employee id; `now` decides which shifts are next. `hours` when already read for the month (monthHours). */
export async function personalContexts(
  deps: Pick<ServiceDeps, "prisma" | "organisation">,
  employeeIds: readonly number[],
  month: ReportMonth,
  timezone: string,
  now: Date,
  hours?: MonthHours | Promise<MonthHours>,
): Promise<Map<number, PersonalContext>> {
  const { start, end } = monthBounds(month, timezone);
  const contexts = new Map<number, PersonalContext>(employeeIds.map((id) => [id, { ideas: [], nextShifts: [] }]));
  const ids = [...employeeIds];

  const soon = DateTime.fromJSDate(now).plus({ days: 45 }).toJSDate();
  // The three reads at once (on PostgreSQL each on its own connection).
  // The three reads at once (on PostgreSQL each on its own connection), the chunk's two in SQL
  // of their own: a list of five hundred ids is one array parameter, not five hundred.
  const [events, owedHours, shifts] = await Promise.all([
    deps.prisma.$queryRaw<(IdeaNews & { proposerId: number })[]>`
      SELECT i.id, i.title, i.status::text AS status, i.proposer_id AS "proposerId"
      FROM idea_events e JOIN ideas i ON i.id = e.idea_id
      WHERE e.created_at >= ${start} AND e.created_at < ${end} AND e.from_status IS NOT NULL AND i.proposer_id = ANY(${ids}::int[])
      ORDER BY e.created_at DESC`,
    hours ?? monthHours(deps, month, timezone, now),
    // Only what the report shows of each shift, not the people's and buddies' rows that shift views carry.
    deps.prisma.$queryRaw<(NextShift & { employeeId: number })[]>`
      SELECT s.id, s.employee_id AS "employeeId", s.starts_at AS "startsAt", s.ends_at AS "endsAt",
             coalesce(t.key, '') AS "templateKey", coalesce(t.name, '') AS "templateName"
      FROM shifts s LEFT JOIN shift_templates t ON t.id = s.template_id
      WHERE s.employee_id = ANY(${ids}::int[]) AND s.status = 'PUBLISHED' AND s.starts_at > ${now} AND s.starts_at < ${soon}
      ORDER BY s.starts_at, s.seat`,
  ]);
  for (const idea of events) {
    const news = contexts.get(idea.proposerId)?.ideas;
    if (news && !news.some((n) => n.id === idea.id) && news.length < LISTED_IDEAS) news.push({ id: idea.id, title: idea.title, status: idea.status });
  }

  for (const [employeeId, owed] of owedHours) {
    const context = contexts.get(employeeId);
    if (context) context.hours = owed;
  }

  for (const shift of shifts) {
    const next = contexts.get(shift.employeeId)?.nextShifts;
    if (next && next.length < NEXT_SHIFTS) next.push({ id: shift.id, templateKey: shift.templateKey, templateName: shift.templateName, startsAt: shift.startsAt, endsAt: shift.endsAt });
  }
  return contexts;
}
