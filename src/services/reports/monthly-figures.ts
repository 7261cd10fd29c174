/**
 * The complaint figures of the monthly service report, read once for everyone: per
 * department and calendar month (in the company's zone) over the thirteen months from the
 * same month a year earlier to the report's month, in one grouped query; the credits per
 * currency of the three months compared; and each department's recurring themes of the month.
 */
import { topThemes } from "../../domain/complaints/themes";
import { monthBounds, monthsEndingWith, type ReportMonth } from "../../domain/reports/report-month";
import type { PrismaClient } from "../../generated/prisma/client";
import type { Tx } from "../deps";

export interface MonthOutcomes {
  complaints: number;
  repeats: number;
  returned: number;
  legalThreats: number;
  churnThreats: number;
  retained: number;
}

export interface Credits {
  currency: string;
  /** A decimal string, summed in the database. */
  total: string;
}

/** Thirteen months, oldest first: [0] the same month a year earlier, [11] the month before, [12] the report's. */
export const MONTHS_READ = 13;
export const THIS_MONTH = MONTHS_READ - 1;
export const MONTH_BEFORE = MONTHS_READ - 2;
export const YEAR_BEFORE = 0;

export interface MonthlyFigures {
  month: ReportMonth;
  timezone: string;
  months: ReportMonth[];
  company: { outcomes: MonthOutcomes[]; credits: { thisMonth: Credits[]; monthBefore: Credits[]; yearBefore: Credits[] } };
  /** Per department id: its thirteen months and its recurring themes of the report's month. */
  departments: Map<number, { outcomes: MonthOutcomes[]; themes: { theme: string; count: number }[] }>;
}

const TOP_THEMES = 3;

const none = (): MonthOutcomes => ({ complaints: 0, repeats: 0, returned: 0, legalThreats: 0, churnThreats: 0, retained: 0 });

function add(into: MonthOutcomes, row: MonthOutcomes): void {
  into.complaints += row.complaints;
  into.repeats += row.repeats;
  into.returned += row.returned;
  into.legalThreats += row.legalThreats;
  into.churnThreats += row.churnThreats;
  into.retained += row.retained;
}

type Db = Pick<PrismaClient | Tx, "$queryRaw">;

export async function monthlyFigures(db: Db, month: ReportMonth, timezone: string): Promise<MonthlyFigures> {
  const months = monthsEndingWith(month, MONTHS_READ);
  const bounds = [...months.map((m) => monthBounds(m, timezone).start), monthBounds(month, timezone).end];
  const iso = bounds.map((b) => b.toISOString());
  const { start, end } = monthBounds(month, timezone);

  // The three reads at once (on PostgreSQL each on its own connection).
  const [rows, credited, themeRows] = await Promise.all([
    db.$queryRaw<(MonthOutcomes & { departmentId: number | null; bucket: number })[]>`
      SELECT department_id AS "departmentId", width_bucket(received_at, ${iso}::timestamptz[]) AS bucket,
             count(*)::int AS complaints, count(repeat_of_id)::int AS repeats,
             (count(*) FILTER (WHERE returned))::int AS returned,
             (count(*) FILTER (WHERE legal_threat))::int AS "legalThreats",
             (count(*) FILTER (WHERE churn_threat))::int AS "churnThreats",
             (count(*) FILTER (WHERE retained))::int AS retained
      FROM complaints
      WHERE received_at >= ${bounds[0]} AND received_at < ${bounds[bounds.length - 1]}
      GROUP BY 1, 2`,
    db.$queryRaw<{ bucket: number; currency: string; total: string }[]>`
      SELECT width_bucket(received_at, ${iso}::timestamptz[]) AS bucket, credit_currency AS currency, sum(credit_amount)::text AS total
      FROM complaints
      WHERE credit_amount IS NOT NULL AND credit_currency IS NOT NULL
        AND ((received_at >= ${bounds[YEAR_BEFORE]} AND received_at < ${bounds[YEAR_BEFORE + 1]}) OR (received_at >= ${bounds[MONTH_BEFORE]} AND received_at < ${bounds[MONTHS_READ]}))
      GROUP BY 1, 2
      ORDER BY 2`,
    db.$queryRaw<{ departmentId: number; theme: string; count: number }[]>`
      SELECT c.department_id AS "departmentId", t.theme, count(*)::int AS count
      FROM complaints c CROSS JOIN LATERAL unnest(c.themes) AS t(theme)
      WHERE c.department_id IS NOT NULL AND c.received_at >= ${start} AND c.received_at < ${end}
      GROUP BY 1, 2
      HAVING count(*) >= 2`,
  ]);
  const company = months.map(none);
  const departments: MonthlyFigures["departments"] = new Map();
  for (const row of rows) {
    if (row.bucket < 1 || row.bucket > MONTHS_READ) continue;
    add(company[row.bucket - 1]!, row);
    if (row.departmentId === null) continue;
    let department = departments.get(row.departmentId);
    if (!department) departments.set(row.departmentId, (department = { outcomes: months.map(none), themes: [] }));
    add(department.outcomes[row.bucket - 1]!, row);
  }

  const creditsOf = (index: number) => credited.filter((c) => c.bucket === index + 1).map((c) => ({ currency: c.currency, total: c.total }));

  const themeCounts = new Map<number, Map<string, number>>();
  for (const row of themeRows) {
    const counts = themeCounts.get(row.departmentId) ?? new Map<string, number>();
    counts.set(row.theme, row.count);
    themeCounts.set(row.departmentId, counts);
  }
  for (const [departmentId, counts] of themeCounts) {
    const department = departments.get(departmentId);
    if (department) department.themes = topThemes(counts, TOP_THEMES);
  }

  return {
    month,
    timezone,
    months,
    company: { outcomes: company, credits: { thisMonth: creditsOf(THIS_MONTH), monthBefore: creditsOf(MONTH_BEFORE), yearBefore: creditsOf(YEAR_BEFORE) } },
    departments,
  };
}
