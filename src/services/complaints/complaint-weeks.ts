/**
 * The console's complaint trends: the last 12 or 52 weeks of a department (or the company)
 * as its weekly digests count them, week by week up to the digest's own week, with the
 * totals, recurring themes and spikes of those weeks, and the unassigned complaints waiting.
 */
import { digestPeriod, occurrenceInWeek } from "../../domain/complaints/digest-period";
import { SPIKE_HISTORY_WEEKS } from "../../domain/complaints/spike-weeks";
import { companyTimezone, type ServiceDeps } from "../deps";
import {
  complaintTotals,
  departmentRows,
  recurringThemes,
  weeklyTrend,
  type ComplaintScope,
  type ComplaintTotals,
  type DepartmentRow,
  type Range,
  type RecurringTheme,
} from "./complaint-trends";
import { companySchedule, dueAt, scheduledDepartments } from "./weekly-digest";

export const TREND_WEEKS = [12, 52] as const;
export type TrendWeeks = (typeof TREND_WEEKS)[number];
const THEMES = 8;

/** What the trends are about: the company, or a department (by id and key). */
export type TrendSubject = { kind: "company" } | { kind: "department"; id: number; key: string };

export interface TrendWindow {
  scope: ComplaintScope;
  timezone: string;
  /** The ISO week of the last digest counted (`digest preview --week`). */
  isoWeek: string;
  /** Starts of the weeks shown, and the end of the last: week i is [bounds[i], bounds[i + 1]). */
  bounds: Date[];
  /** With the eight weeks before the first shown, the spike test's past. */
  withHistory: Date[];
  range: Range;
}

/**
 * The weeks up to the digest posted in ISO week `isoWeek` (the latest digest before `now`
 * when none is asked), in the subject's zone and on its digest day.
 */
export async function trendWindow(
  deps: Pick<ServiceDeps, "prisma" | "organisation">,
  subject: TrendSubject,
  weeks: number,
  options: { isoWeek?: string; now: Date },
): Promise<TrendWindow> {
  const department = subject.kind === "department" ? (await scheduledDepartments(deps)).find((d) => d.id === subject.id) : undefined;
  const timed = department ?? companySchedule(deps.organisation(), companyTimezone(deps));
  const occurrence = options.isoWeek ? occurrenceInWeek(options.isoWeek, timed.schedule, timed.timezone) : dueAt(timed, options.now);
  const period = digestPeriod(occurrence, timed.timezone, weeks + SPIKE_HISTORY_WEEKS);
  const bounds = period.bounds.slice(SPIKE_HISTORY_WEEKS);
  return {
    scope: subject.kind === "company" ? { kind: "company" } : { kind: "department", id: subject.id },
    timezone: timed.timezone,
    isoWeek: period.isoWeek,
    bounds,
    withHistory: period.bounds,
    range: { from: bounds[0]!, to: period.end },
  };
}

export interface ComplaintTrends {
  window: TrendWindow;
  /** Per week shown, oldest first. */
  weekly: number[];
  spikes: boolean[];
  /** Weeks far below usual, as the digest flags them. */
  dips: boolean[];
  totals: ComplaintTotals;
  themes: RecurringTheme[];
  /** The company's: each department's figures over the weeks. */
  departments: DepartmentRow[];
  /** Complaints no rule attributed, waiting for a manager to choose their department. */
  unassigned: number;
}

export async function complaintTrends(
  deps: Pick<ServiceDeps, "prisma" | "organisation">,
  subject: TrendSubject,
  weeks: number,
  options: { isoWeek?: string; now: Date },
): Promise<ComplaintTrends> {
  const window = await trendWindow(deps, subject, weeks, options);
  const [trend, totals, themes, departments, unassigned] = await Promise.all([
    weeklyTrend(deps.prisma, window.scope, window.withHistory),
    complaintTotals(deps.prisma, window.scope, window.range),
    recurringThemes(deps.prisma, window.scope, window.withHistory, SPIKE_HISTORY_WEEKS, THEMES),
    subject.kind === "company" ? departmentRows(deps.prisma, window.range) : Promise.resolve([]),
    deps.prisma.complaint.count({ where: { departmentId: null } }),
  ]);
  return { window, ...trend, totals, themes, departments, unassigned };
}
