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
import { loadShiftViews, type ShiftView } from "../rotation/shift-views";
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

export interface PersonalContext {
  ideas: IdeaNews[];
  hours?: { worked: number; target: number };
  nextShifts: ShiftView[];
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

/** Each person's part, by employee id; `now` decides which shifts are next. */
export async function personalContexts(
  deps: Pick<ServiceDeps, "prisma" | "organisation">,
  employeeIds: readonly number[],
  month: ReportMonth,
  timezone: string,
  now: Date,
): Promise<Map<number, PersonalContext>> {
  const { start, end } = monthBounds(month, timezone);
  const contexts = new Map<number, PersonalContext>(employeeIds.map((id) => [id, { ideas: [], nextShifts: [] }]));
  const ids = [...employeeIds];

  const events = await deps.prisma.ideaEvent.findMany({
    where: { createdAt: { gte: start, lt: end }, fromStatus: { not: null }, idea: { proposerId: { in: ids } } },
    orderBy: { createdAt: "desc" },
    select: { idea: { select: { id: true, title: true, status: true, proposerId: true } } },
  });
  for (const { idea } of events) {
    const news = contexts.get(idea.proposerId)?.ideas;
    if (news && !news.some((n) => n.id === idea.id) && news.length < LISTED_IDEAS) news.push({ id: idea.id, title: idea.title, status: idea.status });
  }

  if (deps.organisation()) {
    const from = DateTime.fromJSDate(start, { zone: timezone }).toISODate()!;
    const to = DateTime.fromJSDate(end, { zone: timezone }).minus({ days: 1 }).toISODate()!;
    const report = await hoursReport(deps, { from, to, now });
    for (const person of report.people) {
      const context = contexts.get(person.employeeId);
      if (context && person.targetHours + person.workedHours + person.scheduledHours > 0) {
        context.hours = { worked: person.workedHours + person.scheduledHours, target: person.targetHours };
      }
    }
  }

  const soon = DateTime.fromJSDate(now).plus({ days: 45 }).toJSDate();
  const shifts = await loadShiftViews(deps.prisma, { employeeId: { in: ids }, status: "PUBLISHED", startsAt: { gt: now, lt: soon } });
  for (const shift of shifts) {
    const next = shift.person ? contexts.get(shift.person.id)?.nextShifts : undefined;
    if (next && next.length < NEXT_SHIFTS) next.push(shift);
  }
  return contexts;
}
