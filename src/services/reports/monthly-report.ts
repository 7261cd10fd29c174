/**
 * The monthly service report of many people at once: the figures and what everyone shares
 * read once, each person's part read for all of them together, and one chart per language;
 * then one message per person, in their language and zone.
 */
import type { Message } from "../../chat/message";
import { monthKey, type ReportMonth } from "../../domain/reports/report-month";
import type { Employee } from "../../generated/prisma/client";
import { textDirection, translator, type Locale } from "../../i18n";
import { keepChart } from "../complaints/weekly-digest";
import { renderDigestChart } from "../complaints/digest-chart";
import { companyTimezone, localeOf, type ServiceDeps } from "../deps";
import { monthHours, personalContexts, sharedContext, type MonthHours, type SharedContext } from "./monthly-context";
import { monthlyFigures, THIS_MONTH, type MonthlyFigures } from "./monthly-figures";
import { monthlyReportMessage, monthName, type ReportOptions } from "./monthly-report-message";

export type Reader = Pick<Employee, "id" | "name" | "locale" | "timezone" | "departmentId">;

/** The company's last twelve months as a PNG kept under a random token; its address, or none without PUBLIC_URL. */
async function storeChart(deps: Pick<ServiceDeps, "prisma" | "publicUrl">, figures: MonthlyFigures, locale: Locale): Promise<string | undefined> {
  if (!deps.publicUrl) return undefined;
  const t = translator(locale);
  const months = figures.months.slice(1).map((m, i) => ({
    label: new Intl.DateTimeFormat(locale === "he" ? "he-IL" : "en-GB", { month: "short", timeZone: "UTC" }).format(Date.UTC(m.year, m.month - 1, 15)),
    count: figures.company.outcomes[i + 1]!.complaints,
    current: i + 1 === THIS_MONTH,
  }));
  const png = await renderDigestChart(months, { title: t("report.chartTitle", { month: monthName(figures.month, locale) }), yAxis: t("digest.chartAxis"), direction: textDirection(locale) });
  return keepChart(deps.publicUrl, deps.prisma, png);
}

/** What every report of a month shares: read once per run, whatever the number of people. */
export interface ReportBasis {
  month: ReportMonth;
  timezone: string;
  figures: MonthlyFigures;
  shared: SharedContext;
  departments: Map<number, { id: number; name: string }>;
  /** The chart's address per language, stored the first time a language needs it. */
  chart(locale: Locale): Promise<string | undefined>;
  /** Everyone's hours on the line in the month, read the first time a chunk needs them. */
  hours(now: Date): Promise<MonthHours>;
}

export async function reportBasis(deps: Pick<ServiceDeps, "prisma" | "organisation" | "publicUrl">, month: ReportMonth): Promise<ReportBasis> {
  const timezone = companyTimezone(deps);
  // Read at once (on PostgreSQL each on its own connection).
  const [figures, shared, rows] = await Promise.all([
    monthlyFigures(deps.prisma, month, timezone),
    sharedContext(deps, month, timezone),
    deps.prisma.department.findMany({ select: { id: true, name: true } }),
  ]);
  const departments = new Map(rows.map((d) => [d.id, d]));
  const charts = new Map<Locale, Promise<string | undefined>>();
  const chart = (locale: Locale) => {
    let url = charts.get(locale);
    if (!url) charts.set(locale, (url = storeChart(deps, figures, locale)));
    return url;
  };
  const hours = new Map<number, Promise<MonthHours>>();
  const hoursAt = (now: Date) => {
    let read = hours.get(now.getTime());
    if (!read) hours.set(now.getTime(), (read = monthHours(deps, month, timezone, now)));
    return read;
  };
  return { month, timezone, figures, shared, departments, chart, hours: hoursAt };
}

/** The report of the basis's month for each reader, by employee id; `now` decides which shifts are next. */
export async function monthlyReports(
  deps: Pick<ServiceDeps, "prisma" | "organisation">,
  basis: ReportBasis,
  readers: readonly Reader[],
  options: { now: Date; late?: boolean; preview?: boolean },
): Promise<Map<number, Message>> {
  const personal = await personalContexts(deps, readers.map((r) => r.id), basis.month, basis.timezone, options.now, basis.hours(options.now));
  const reports = new Map<number, Message>();
  for (const reader of readers) {
    const locale = localeOf(deps, reader);
    const department = reader.departmentId !== null ? basis.departments.get(reader.departmentId) : undefined;
    const reportOptions: ReportOptions = { late: options.late, preview: options.preview, chartUrl: await basis.chart(locale) };
    const who = { name: reader.name, locale, timezone: reader.timezone ?? basis.timezone, department };
    reports.set(reader.id, monthlyReportMessage(basis.figures, basis.shared, personal.get(reader.id)!, who, reportOptions));
  }
  return reports;
}

/** One person's report as it would be sent, or was: nothing is sent. */
export async function previewMonthlyReport(deps: Pick<ServiceDeps, "prisma" | "organisation" | "publicUrl">, reader: Reader, month: ReportMonth, now: Date): Promise<Message> {
  const reports = await monthlyReports(deps, await reportBasis(deps, month), [reader], { now, preview: true });
  return reports.get(reader.id)!;
}

/** The dedupe key of a person's report of a month: sent once, whatever happens. */
export function reportKey(employeeId: number, month: ReportMonth): string {
  return `report:${employeeId}:${monthKey(month)}`;
}


