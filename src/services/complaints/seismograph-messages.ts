/** What the seismograph's monthly post and its alerts look like, described once for every platform. */
import type { Block, Message } from "../../chat/message";
import { repeatRate } from "../../domain/complaints/seismograph";
import type { ReportMonth } from "../../domain/reports/report-month";
import { composed, translator, type Locale, type Translate, textDirection } from "../../i18n";
import { formatNumber } from "../figure-text";
import { monthName } from "../reports/monthly-report-message";
import type { RateSeries, SeismographFigures } from "./seismograph";

export interface SeismographContext {
  locale: Locale;
  late?: boolean;
  preview?: boolean;
}

const tagOf = (locale: Locale) => (locale === "he" ? "he-IL" : "en-GB");

/** "17%": whole percentages; a tenth of a point says nothing at these counts. */
export function formatRate(rate: number, locale: Locale): string {
  return new Intl.NumberFormat(tagOf(locale), { style: "percent", maximumFractionDigits: 0 }).format(rate);
}

function shortMonth(m: ReportMonth, locale: Locale): string {
  return new Intl.DateTimeFormat(tagOf(locale), { month: "short", timeZone: "UTC" }).format(Date.UTC(m.year, m.month - 1, 15));
}

function seriesLine(series: RateSeries, figures: SeismographFigures, locale: Locale, t: Translate): string {
  const latest = series.months.at(-1)!;
  const month = monthName(figures.month, locale);
  const { rate, mean } = series.judgement;
  const counts = { name: series.name, month, repeats: formatNumber(latest.repeats, locale), count: formatNumber(latest.complaints, locale) };
  let line: string;
  if (rate === undefined) line = t("seismograph.lineEmpty", counts);
  else if (mean === undefined) line = t("seismograph.lineNoMean", { ...counts, rate: formatRate(rate, locale) });
  else line = t("seismograph.line", { ...counts, rate: formatRate(rate, locale), mean: formatRate(mean, locale) });
  const marks = [...(series.judgement.climbed ? [t("seismograph.climbedMark")] : []), ...(series.judgement.alert ? [t("seismograph.alertMark")] : [])];
  const items = series.months.map((m, i) => {
    const r = repeatRate(m);
    return t("seismograph.seriesItem", { month: shortMonth(figures.months[i]!, locale), rate: r === undefined ? t("seismograph.noRate") : formatRate(r, locale) });
  });
  return `• ${line}${marks.length ? ` ${marks.join(" ")}` : ""}\n   ${items.join(" · ")}`;
}

/** Sections hold at most a few thousand characters: a long list is cut into several. */
function sections(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i += 8) blocks.push({ type: "section", text: lines.slice(i, i + 8).join("\n") });
  return blocks;
}

/** The monthly post in the management channel. */
export function seismographMessage(figures: SeismographFigures, context: SeismographContext): Message {
  const { locale } = context;
  const t = translator(locale);
  const header = t("seismograph.header", { month: monthName(figures.month, locale) });
  const blocks: Block[] = [
    { type: "header", text: header },
    ...(context.preview ? [{ type: "context" as const, text: t("seismograph.preview") }] : []),
    ...(context.late ? [{ type: "context" as const, text: t("seismograph.late") }] : []),
    { type: "context", text: t("seismograph.intro") },
  ];
  const measured = figures.departments.filter((d) => d.months.some((m) => m.complaints > 0));
  if (measured.length === 0) {
    blocks.push({ type: "section", text: t("seismograph.none") });
  } else {
    blocks.push({ type: "section", text: { bold: t("seismograph.departments") } }, ...sections(measured.map((d) => seriesLine(d, figures, locale, t))));
    const climbed = measured.filter((d) => d.judgement.climbed);
    blocks.push({
      type: "context",
      text: climbed.length ? t("seismograph.climbed", { list: composed(climbed.map((d) => t("digest.countedItem", { name: d.name, count: formatRate(d.judgement.rate!, locale) })).join(", ")) }) : t("seismograph.noneClimbed"),
    });
  }
  if (figures.categories.length > 0) {
    blocks.push({ type: "section", text: { bold: t("seismograph.categories") } }, ...sections(figures.categories.map((c) => seriesLine(c, figures, locale, t))));
  }
  return { summary: header, blocks, direction: textDirection(locale) };
}

/** A department's repeat rate far above its own history, for the management channel and its managers. */
export function seismographAlertMessage(department: RateSeries, month: ReportMonth, locale: Locale): Message {
  const t = translator(locale);
  const latest = department.months.at(-1)!;
  const header = t("seismograph.alertHeader", { department: department.name });
  const text = t("seismograph.alertText", {
    month: monthName(month, locale),
    department: department.name,
    rate: formatRate(department.judgement.rate ?? 0, locale),
    mean: formatRate(department.judgement.mean ?? 0, locale),
    repeats: formatNumber(latest.repeats, locale),
    count: formatNumber(latest.complaints, locale),
  });
  return {
    summary: `${header}: ${formatRate(department.judgement.rate ?? 0, locale)}`,
    blocks: [{ type: "header", text: header }, { type: "section", text }, { type: "context", text: t("seismograph.alertHint") }],
    direction: textDirection(locale),
  };
}
