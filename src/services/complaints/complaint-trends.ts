/**
 * Complaint figures over a run of weeks or a quarter, for one department or the whole
 * company: the console's trends and the quarterly review read them. Counted in the
 * database (a few grouped queries), with the digest's theme ranking and spike test.
 */
import { dipWeeks, spikeWeeks, SPIKE_HISTORY_WEEKS } from "../../domain/complaints/spike-weeks";
import { topThemes } from "../../domain/complaints/themes";
import { Prisma, type PrismaClient } from "../../generated/prisma/client";

type Db = Pick<PrismaClient, "$queryRaw">;

/** Whose complaints: one department's, or every complaint the company received (unassigned ones too). */
export type ComplaintScope = { kind: "company" } | { kind: "department"; id: number };

/** The figures a complaint can be counted in; each links to the complaints behind it. */
export const COMPLAINT_FIGURES = ["complaints", "repeats", "returned", "credits", "legalThreats", "churnThreats", "retained"] as const;
export type ComplaintFigure = (typeof COMPLAINT_FIGURES)[number];

export const isComplaintFigure = (value: unknown): value is ComplaintFigure => COMPLAINT_FIGURES.includes(value as ComplaintFigure);

export interface ComplaintTotals {
  complaints: number;
  repeats: number;
  returned: number;
  legalThreats: number;
  churnThreats: number;
  retained: number;
  /** Credits issued, one total per currency (decimal strings), by currency. */
  credits: { currency: string; total: string }[];
}

export interface Range {
  from: Date;
  /** Exclusive. */
  to: Date;
}

const inScope = (scope: ComplaintScope) => (scope.kind === "company" ? Prisma.sql`TRUE` : Prisma.sql`department_id = ${scope.id}`);
const isoTimes = (dates: readonly Date[]) => dates.map((d) => d.toISOString());

export async function complaintTotals(db: Db, scope: ComplaintScope, range: Range): Promise<ComplaintTotals> {
  const [[counts], credits] = await Promise.all([
    db.$queryRaw<Omit<ComplaintTotals, "credits">[]>`
      SELECT count(*)::int AS complaints,
             count(*) FILTER (WHERE repeat_of_id IS NOT NULL)::int AS repeats,
             count(*) FILTER (WHERE returned)::int AS returned,
             count(*) FILTER (WHERE legal_threat)::int AS "legalThreats",
             count(*) FILTER (WHERE churn_threat)::int AS "churnThreats",
             count(*) FILTER (WHERE retained)::int AS retained
      FROM complaints
      WHERE ${inScope(scope)} AND received_at >= ${range.from} AND received_at < ${range.to}`,
    db.$queryRaw<{ currency: string; total: string }[]>`
      SELECT credit_currency AS currency, sum(credit_amount)::text AS total
      FROM complaints
      WHERE ${inScope(scope)} AND received_at >= ${range.from} AND received_at < ${range.to}
        AND credit_amount > 0 AND credit_currency IS NOT NULL
      GROUP BY 1
      ORDER BY 1`,
  ]);
  return { complaints: 0, repeats: 0, returned: 0, legalThreats: 0, churnThreats: 0, retained: 0, ...counts, credits };
}

/** Complaints per week: week i is [bounds[i], bounds[i + 1]). */
export async function weeklyCounts(db: Db, scope: ComplaintScope, bounds: readonly Date[]): Promise<number[]> {
  const weeks = Array<number>(Math.max(0, bounds.length - 1)).fill(0);
  if (weeks.length === 0) return weeks;
  const rows = await db.$queryRaw<{ bucket: number; count: number }[]>`
    SELECT width_bucket(received_at, ${isoTimes(bounds)}::timestamptz[]) AS bucket, count(*)::int AS count
    FROM complaints
    WHERE ${inScope(scope)} AND received_at >= ${bounds[0]} AND received_at < ${bounds.at(-1)}
    GROUP BY 1`;
  for (const row of rows) if (row.bucket >= 1 && row.bucket <= weeks.length) weeks[row.bucket - 1] = row.count;
  return weeks;
}

export interface RecurringTheme {
  theme: string;
  count: number;
  /** Per week shown, oldest first. */
  weekly: number[];
  /** In how many of the weeks shown it came up. */
  weeks: number;
  /** Per week shown: far above the eight weeks before it. */
  spikes: boolean[];
}

/**
 * The phrases said most often over the weeks of `bounds` after the first `history` ones
 * (those are only the spike test's past), ranked as the digest ranks its themes.
 */
export async function recurringThemes(db: Db, scope: ComplaintScope, bounds: readonly Date[], history: number, limit: number): Promise<RecurringTheme[]> {
  const shownFrom = bounds[history];
  const end = bounds.at(-1);
  if (!shownFrom || !end) return [];
  const totals = await db.$queryRaw<{ theme: string; count: number }[]>`
    SELECT t.theme, count(*)::int AS count
    FROM complaints c CROSS JOIN LATERAL unnest(c.themes) AS t(theme)
    WHERE ${inScope(scope)} AND c.received_at >= ${shownFrom} AND c.received_at < ${end}
    GROUP BY 1
    HAVING count(*) >= 2`;
  const top = topThemes(new Map(totals.map((t) => [t.theme, t.count])), limit);
  if (top.length === 0) return [];
  const weeks = bounds.length - 1;
  const rows = await db.$queryRaw<{ theme: string; bucket: number; count: number }[]>`
    SELECT t.theme, width_bucket(c.received_at, ${isoTimes(bounds)}::timestamptz[]) AS bucket, count(*)::int AS count
    FROM complaints c CROSS JOIN LATERAL unnest(c.themes) AS t(theme)
    WHERE ${inScope(scope)} AND c.received_at >= ${bounds[0]} AND c.received_at < ${end}
      AND t.theme = ANY(${top.map((t) => t.theme)}::text[])
    GROUP BY 1, 2`;
  const perWeek = new Map(top.map((t) => [t.theme, Array<number>(weeks).fill(0)]));
  for (const row of rows) {
    const counts = perWeek.get(row.theme);
    if (counts && row.bucket >= 1 && row.bucket <= weeks) counts[row.bucket - 1] = row.count;
  }
  return top.map(({ theme, count }) => {
    const all = perWeek.get(theme) ?? [];
    const weekly = all.slice(history);
    return { theme, count, weekly, weeks: weekly.filter((n) => n > 0).length, spikes: spikeWeeks(all, weekly.length) };
  });
}

export interface DepartmentRow {
  departmentId: number;
  complaints: number;
  repeats: number;
  legalThreats: number;
  churnThreats: number;
  retained: number;
}

/** Every department's complaints over a range, side by side (departments without any are left out). */
export async function departmentRows(db: Db, range: Range): Promise<DepartmentRow[]> {
  return db.$queryRaw<DepartmentRow[]>`
    SELECT department_id AS "departmentId", count(*)::int AS complaints,
           count(*) FILTER (WHERE repeat_of_id IS NOT NULL)::int AS repeats,
           count(*) FILTER (WHERE legal_threat)::int AS "legalThreats",
           count(*) FILTER (WHERE churn_threat)::int AS "churnThreats",
           count(*) FILTER (WHERE retained)::int AS retained
    FROM complaints
    WHERE department_id IS NOT NULL AND received_at >= ${range.from} AND received_at < ${range.to}
    GROUP BY 1`;
}

/** The weekly counts of a run of weeks whose first eight are history, and which weeks shown were spikes or far below usual. */
export async function weeklyTrend(db: Db, scope: ComplaintScope, bounds: readonly Date[]): Promise<{ weekly: number[]; spikes: boolean[]; dips: boolean[] }> {
  const all = await weeklyCounts(db, scope, bounds);
  const shown = all.length - SPIKE_HISTORY_WEEKS;
  return { weekly: all.slice(SPIKE_HISTORY_WEEKS), spikes: spikeWeeks(all, shown), dips: dipWeeks(all, shown) };
}
