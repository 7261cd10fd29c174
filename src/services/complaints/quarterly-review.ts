/**
 * The quarterly review handed out at the all-hands meeting: for a department or the
 * company, the calendar quarter's complaint figures against the quarter before, its weeks,
 * its themes, the ideas approved and done, the most appreciated stories and the hours of
 * the support line. Quarters are calendar quarters in the company's zone, as `/story top`
 * and the hours report count them.
 */
import { DateTime } from "luxon";
import { topThemes } from "../../domain/complaints/themes";
import { companyTimezone, type ServiceDeps } from "../deps";
import { hoursReport, type HoursFigures } from "../rotation/hours-report";
import { storyTop, type StoryTop } from "../stories/story-top";
import { complaintTotals, weeklyCounts, type ComplaintScope, type ComplaintTotals, type Range } from "./complaint-trends";

export interface Quarter {
  year: number;
  /** 1 to 4. */
  quarter: number;
}

const QUARTER = /^(\d{4})-Q([1-4])$/;
const THEMES = 6;
const IDEAS = 10;

/** "2026-Q3" as a quarter; undefined for anything else. */
export function parseQuarter(text: unknown): Quarter | undefined {
  const match = typeof text === "string" ? QUARTER.exec(text.trim().toUpperCase()) : null;
  return match ? { year: Number(match[1]), quarter: Number(match[2]) } : undefined;
}

export const quarterName = (q: Quarter) => `${q.year}-Q${q.quarter}`;

export function previousQuarter(q: Quarter): Quarter {
  return q.quarter === 1 ? { year: q.year - 1, quarter: 4 } : { year: q.year, quarter: q.quarter - 1 };
}

/** The last quarter that has ended by `now`: the one an all-hands meeting looks back on. */
export function lastCompleteQuarter(now: Date, timezone: string): Quarter {
  const start = DateTime.fromJSDate(now, { zone: timezone }).startOf("quarter");
  return previousQuarter({ year: start.year, quarter: start.quarter });
}

function quarterStart(q: Quarter, timezone: string): DateTime {
  return DateTime.fromObject({ year: q.year, month: (q.quarter - 1) * 3 + 1, day: 1 }, { zone: timezone });
}

/** [first instant, first instant of the next quarter). */
export function quarterRange(q: Quarter, timezone: string): Range {
  const start = quarterStart(q, timezone);
  return { from: start.toJSDate(), to: start.plus({ quarters: 1 }).toJSDate() };
}

/**
 * The quarter's thirteen weeks from its first day, seven days each but the last, which ends
 * with the quarter (a quarter is 90 to 92 days, so the last week has 6 to 8).
 */
export function quarterWeeks(q: Quarter, timezone: string): Date[] {
  const start = quarterStart(q, timezone);
  return [...Array.from({ length: 13 }, (_, i) => start.plus({ weeks: i }).toJSDate()), start.plus({ quarters: 1 }).toJSDate()];
}

export interface QuarterIdea {
  id: number;
  title: string;
}

export interface QuarterlyReview {
  quarter: Quarter;
  previous: Quarter;
  timezone: string;
  range: Range;
  totals: ComplaintTotals;
  previousTotals: ComplaintTotals;
  /** Week starts (and the quarter's end) and each week's complaints. */
  weeks: Date[];
  weekly: number[];
  themes: { theme: string; count: number }[];
  /** Ideas (of the department, or every department) approved, and done, during the quarter. */
  approved: QuarterIdea[];
  done: QuarterIdea[];
  stories: StoryTop["stories"];
  /** Support-line hours of the department's people (or everyone's) in the quarter; none without an organisation file. */
  hours: (HoursFigures & { people: number }) | null;
}

async function themesOf(deps: Pick<ServiceDeps, "prisma">, scope: ComplaintScope, range: Range) {
  const where = scope.kind === "department" ? { departmentId: scope.id } : {};
  const rows = await deps.prisma.complaint.findMany({ where: { ...where, receivedAt: { gte: range.from, lt: range.to } }, select: { themes: true } });
  const counts = new Map<string, number>();
  for (const { themes } of rows) for (const theme of themes) counts.set(theme, (counts.get(theme) ?? 0) + 1);
  return topThemes(counts, THEMES);
}

/** Ideas that reached `status` during the range, each once (the latest first). */
async function ideasReaching(deps: Pick<ServiceDeps, "prisma">, scope: ComplaintScope, range: Range, status: "APPROVED" | "DONE"): Promise<QuarterIdea[]> {
  const events = await deps.prisma.ideaEvent.findMany({
    where: { toStatus: status, createdAt: { gte: range.from, lt: range.to }, ...(scope.kind === "department" ? { idea: { departmentId: scope.id } } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { idea: { select: { id: true, title: true } } },
  });
  const ideas = new Map<number, QuarterIdea>();
  for (const { idea } of events) if (!ideas.has(idea.id)) ideas.set(idea.id, idea);
  return [...ideas.values()].slice(0, IDEAS);
}

async function hoursOf(deps: Pick<ServiceDeps, "prisma" | "organisation">, departmentKey: string | undefined, q: Quarter, timezone: string, now: Date) {
  if (!deps.organisation()) return null;
  const start = quarterStart(q, timezone);
  const from = start.toISODate()!;
  const to = start.plus({ quarters: 1 }).minus({ days: 1 }).toISODate()!;
  return (await hoursReport(deps, { from, to, departmentKey, now })).totals;
}

/**
 * The review of `quarter` for `subject`. `now` only decides which of the quarter's shifts
 * are worked and which are still scheduled.
 */
export async function quarterlyReview(
  deps: Pick<ServiceDeps, "prisma" | "organisation">,
  subject: { kind: "company" } | { kind: "department"; id: number; key: string },
  quarter: Quarter,
  now: Date,
): Promise<QuarterlyReview> {
  const timezone = companyTimezone(deps);
  const scope: ComplaintScope = subject.kind === "company" ? { kind: "company" } : { kind: "department", id: subject.id };
  const previous = previousQuarter(quarter);
  const range = quarterRange(quarter, timezone);
  const weeks = quarterWeeks(quarter, timezone);
  const [totals, previousTotals, weekly, themes, approved, done, top, hours] = await Promise.all([
    complaintTotals(deps.prisma, scope, range),
    complaintTotals(deps.prisma, scope, quarterRange(previous, timezone)),
    weeklyCounts(deps.prisma, scope, weeks),
    themesOf(deps, scope, range),
    ideasReaching(deps, scope, range, "APPROVED"),
    ideasReaching(deps, scope, range, "DONE"),
    storyTop(deps, range.from),
    hoursOf(deps, subject.kind === "department" ? subject.key : undefined, quarter, timezone, now),
  ]);
  return { quarter, previous, timezone, range, totals, previousTotals, weeks, weekly, themes, approved, done, stories: top.stories, hours };
}
