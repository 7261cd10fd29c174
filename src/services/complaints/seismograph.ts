/**
 * The seismograph's figures and posts: each department's and category's share of repeat
 * complaints per calendar month (in the company's zone) over the last 12 months, which
 * climbed, and which rose far enough above their own history to alert the management channel
 * and the department's managers.
 */
import type { Message } from "../../chat/message";
import { judgeRepeatRate, type MonthCount, type RateJudgement } from "../../domain/complaints/seismograph";
import { monthBounds, monthKey, monthsEndingWith, type ReportMonth } from "../../domain/reports/report-month";
import type { PrismaClient } from "../../generated/prisma/client";
import { companyLocale, companyTimezone, type ServiceDeps } from "../deps";
import { channelMessages, personMessages } from "../notify";
import type { OutboxEntry } from "../outbox";
import { seismographAlertMessage, seismographMessage } from "./seismograph-messages";

export const SEISMOGRAPH_MONTHS = 12;
/** A company with many categories would fill the post: the busiest of the 12 months are shown. */
const TOP_CATEGORIES = 8;

export interface RateSeries {
  /** A department's key, or the category itself. */
  key: string;
  name: string;
  /** One per month, oldest first; the last is the month reported. */
  months: MonthCount[];
  judgement: RateJudgement;
}

export interface SeismographFigures {
  /** The month reported: the last of `months`. */
  month: ReportMonth;
  months: ReportMonth[];
  departments: (RateSeries & { id: number })[];
  categories: RateSeries[];
}

type Db = Pick<PrismaClient, "$queryRaw">;

/** Complaints and repeats per group and month (width_bucket numbers the months from 1). */
function fill<K>(keys: readonly K[], rows: readonly { key: K; bucket: number; complaints: number; repeats: number }[], count: number): Map<K, MonthCount[]> {
  const counts = new Map(keys.map((k) => [k, Array.from({ length: count }, () => ({ complaints: 0, repeats: 0 }))]));
  for (const row of rows) {
    const months = counts.get(row.key);
    if (months && row.bucket >= 1 && row.bucket <= count) months[row.bucket - 1] = { complaints: row.complaints, repeats: row.repeats };
  }
  return counts;
}

/**
 * The 12 months ending with `month`, for every active department and the busiest categories;
 * with `until`, the last month only so far (a month under way, judged by its share to date).
 */
export async function seismographFigures(
  db: Db & Pick<PrismaClient, "department">,
  month: ReportMonth,
  timezone: string,
  until?: Date,
): Promise<SeismographFigures> {
  const months = monthsEndingWith(month, SEISMOGRAPH_MONTHS);
  const monthEnd = monthBounds(month, timezone).end;
  const bounds = [...months.map((m) => monthBounds(m, timezone).start), until && until < monthEnd ? until : monthEnd];
  const times = bounds.map((b) => b.toISOString());
  const start = bounds[0]!;
  const end = bounds.at(-1)!;
  const departments = await db.department.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { id: true, key: true, name: true } });
  const ids = departments.map((d) => d.id);
  const [byDepartment, byCategory] = await Promise.all([
    db.$queryRaw<{ key: number; bucket: number; complaints: number; repeats: number }[]>`
      SELECT department_id AS key, width_bucket(received_at, ${times}::timestamptz[]) AS bucket,
             count(*)::int AS complaints, count(*) FILTER (WHERE repeat_of_id IS NOT NULL)::int AS repeats
      FROM complaints
      WHERE department_id = ANY(${ids}::int[]) AND received_at >= ${start} AND received_at < ${end}
      GROUP BY 1, 2`,
    db.$queryRaw<{ key: string; bucket: number; complaints: number; repeats: number }[]>`
      SELECT category AS key, width_bucket(received_at, ${times}::timestamptz[]) AS bucket,
             count(*)::int AS complaints, count(*) FILTER (WHERE repeat_of_id IS NOT NULL)::int AS repeats
      FROM complaints
      WHERE category IS NOT NULL AND received_at >= ${start} AND received_at < ${end}
      GROUP BY 1, 2`,
  ]);
  const departmentMonths = fill(ids, byDepartment, months.length);
  const totals = new Map<string, number>();
  for (const row of byCategory) totals.set(row.key, (totals.get(row.key) ?? 0) + row.complaints);
  const categories = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, TOP_CATEGORIES)
    .map(([category]) => category);
  const categoryMonths = fill(categories, byCategory, months.length);
  return {
    month,
    months,
    departments: departments.map((d) => {
      const counts = departmentMonths.get(d.id)!;
      return { id: d.id, key: d.key, name: d.name, months: counts, judgement: judgeRepeatRate(counts) };
    }),
    categories: categories.map((category) => {
      const counts = categoryMonths.get(category)!;
      return { key: category, name: category, months: counts, judgement: judgeRepeatRate(counts) };
    }),
  };
}

export const SEISMOGRAPH_KEY = "seismograph";

/** The dedupe key of a department's alert for a month: sent once, however often it is evaluated. */
export function alertKey(departmentKey: string, month: ReportMonth): string {
  return `${SEISMOGRAPH_KEY}:alert:${departmentKey}:${monthKey(month)}`;
}

/**
 * The outbox entries of a month's seismograph: the post in the management channel and the
 * alerts of `alertEntries`.
 */
export async function seismographEntries(
  deps: Pick<ServiceDeps, "prisma" | "organisation" | "platforms">,
  figures: SeismographFigures,
  options: { late?: boolean } = {},
): Promise<OutboxEntry[]> {
  const management = deps.organisation()?.channels.management ?? {};
  const post = channelMessages(deps, management, `${SEISMOGRAPH_KEY}:${monthKey(figures.month)}`, seismographMessage(figures, { locale: companyLocale(deps), late: options.late }));
  return [...post, ...(await alertEntries(deps, figures))];
}

/**
 * For each alerting department, its alert in the management channel and to each of its
 * active managers in their own language. The keys name the department and month, so a
 * department alerted while the month was under way is not alerted again at its end.
 */
export async function alertEntries(deps: Pick<ServiceDeps, "prisma" | "organisation" | "platforms">, figures: SeismographFigures): Promise<OutboxEntry[]> {
  const management = deps.organisation()?.channels.management ?? {};
  const locale = companyLocale(deps);
  const entries: OutboxEntry[] = [];
  const alerting = figures.departments.filter((d) => d.judgement.alert);
  if (alerting.length === 0) return entries;
  const managers = await deps.prisma.departmentManager.findMany({
    where: { departmentId: { in: alerting.map((d) => d.id) }, employee: { active: true } },
    select: { departmentId: true, employee: { select: { id: true, slackUserId: true, teamsUserId: true, locale: true } } },
    orderBy: { employeeId: "asc" },
  });
  for (const department of alerting) {
    const key = alertKey(department.key, figures.month);
    const alert = (l: typeof locale): Message => seismographAlertMessage(department, figures.month, l);
    entries.push(...channelMessages(deps, management, key, alert(locale)));
    for (const { employee } of managers.filter((m) => m.departmentId === department.id)) {
      entries.push(...personMessages(deps, employee, `${key}:${employee.id}`, alert));
    }
  }
  return entries;
}

/**
 * What the management channel would get for `month`, without sending it: the month's post,
 * then the alert of each department far above its own history.
 */
export async function previewSeismograph(deps: Pick<ServiceDeps, "prisma" | "organisation">, month: ReportMonth, locale = companyLocale(deps)): Promise<Message[]> {
  const figures = await seismographFigures(deps.prisma, month, companyTimezone(deps));
  const alerts = figures.departments.filter((d) => d.judgement.alert).map((d) => seismographAlertMessage(d, month, locale));
  return [seismographMessage(figures, { locale, preview: true }), ...alerts];
}
