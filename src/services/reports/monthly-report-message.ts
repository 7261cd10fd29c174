/** What the monthly service report looks like, described once for every platform. */
import type { Block, Message } from "../../chat/message";
import { change } from "../../domain/complaints/trends";
import { monthKey, type ReportMonth } from "../../domain/reports/report-month";
import { composed, quoted, translator, textDirection, type Locale, type Translate } from "../../i18n";
import { changeText, formatMoney, formatNumber } from "../figure-text";
import { shiftLabel } from "../rotation/rotation-messages";
import type { PersonalContext, SharedContext } from "./monthly-context";
import { MONTH_BEFORE, THIS_MONTH, YEAR_BEFORE, type Credits, type MonthlyFigures, type MonthOutcomes } from "./monthly-figures";

export const REPORT_ACTIONS = {
  /** Stops the monthly report for the person pressing it. */
  optOut: "report.optOut",
  /** Starts it again (from the home page). */
  optIn: "report.optIn",
} as const;

export interface ReportReader {
  name: string;
  locale: Locale;
  timezone: string;
  department?: { id: number; name: string };
}

export interface ReportOptions {
  late?: boolean;
  preview?: boolean;
  /** The company's last twelve months as a picture; none without PUBLIC_URL. */
  chartUrl?: string;
}

const OUTCOMES = ["complaints", "returned", "legalThreats", "churnThreats", "retained", "repeats"] as const satisfies readonly (keyof MonthOutcomes)[];

const monthFormats = new Map<Locale, Intl.DateTimeFormat>();

/** "November 2026" / "נובמבר 2026". */
export function monthName(month: ReportMonth, locale: Locale): string {
  let format = monthFormats.get(locale);
  if (!format) monthFormats.set(locale, (format = new Intl.DateTimeFormat(locale === "he" ? "he-IL" : "en-GB", { month: "long", year: "numeric", timeZone: "UTC" })));
  return format.format(Date.UTC(month.year, month.month - 1, 15));
}

/**
 * The parts of the report that are the same for every reader of a language (the company's
 * figures, the story, the company's ideas) or of a language and department, built once per
 * month's figures or shared context: thousands of reports share a few dozen of them.
 */
const sharedParts = new WeakMap<MonthlyFigures | SharedContext, Map<string, Block[]>>();

function once(from: MonthlyFigures | SharedContext, key: string, build: () => Block[]): Block[] {
  let parts = sharedParts.get(from);
  if (!parts) sharedParts.set(from, (parts = new Map()));
  let blocks = parts.get(key);
  if (!blocks) parts.set(key, (blocks = build()));
  return blocks;
}

function comparison(now: number, monthBefore: number, yearBefore: number, locale: Locale, t: Translate): string {
  return t("report.against", {
    monthBefore: changeText(change(now, monthBefore), locale, t),
    yearBefore: changeText(change(now, yearBefore), locale, t),
  });
}

function creditsText(credits: readonly Credits[], locale: Locale): string {
  return credits.map((c) => formatMoney(c.total, c.currency, locale)).join(" · ") || formatNumber(0, locale);
}

function companyBlocks(figures: MonthlyFigures, locale: Locale, t: Translate): Block[] {
  const o = figures.company.outcomes;
  const fields = OUTCOMES.map((key) => ({
    label: t(`report.outcome.${key}`),
    value: [{ bold: formatNumber(o[THIS_MONTH]![key], locale) }, " ", comparison(o[THIS_MONTH]![key], o[MONTH_BEFORE]![key], o[YEAR_BEFORE]![key], locale, t)],
  }));
  const { thisMonth, monthBefore, yearBefore } = figures.company.credits;
  fields.push({
    label: t("report.outcome.credits"),
    value: [{ bold: creditsText(thisMonth, locale) }, " ", t("report.creditsBefore", { monthBefore: creditsText(monthBefore, locale), yearBefore: creditsText(yearBefore, locale) })],
  });
  return [{ type: "section", text: { bold: t("report.company") }, fields }];
}

function departmentBlocks(figures: MonthlyFigures, reader: ReportReader, locale: Locale, t: Translate): Block[] {
  if (!reader.department) return [];
  const d = figures.departments.get(reader.department.id);
  const now = d?.outcomes[THIS_MONTH];
  const before = d?.outcomes[MONTH_BEFORE];
  const lines = [
    t("report.department.volume", {
      department: reader.department.name,
      count: formatNumber(now?.complaints ?? 0, locale),
      repeats: formatNumber(now?.repeats ?? 0, locale),
      change: changeText(change(now?.complaints ?? 0, before?.complaints ?? 0), locale, t),
    }),
  ];
  const themes = (d?.themes ?? []).map((theme) => t("digest.countedItem", { name: theme.theme, count: formatNumber(theme.count, locale) }));
  lines.push(themes.length > 0 ? t("report.department.themes", { list: composed(themes.join(" · ")) }) : t("report.department.noThemes"));
  return [{ type: "section", text: { bold: t("report.department.title") } }, { type: "section", text: lines.join("\n") }];
}

function storyBlocks(shared: SharedContext, locale: Locale, t: Translate): Block[] {
  if (!shared.story) return [];
  const { story } = shared;
  return [
    { type: "section", text: [{ bold: t("report.story.title") }, "\n", quoted(locale, story.excerpt)] },
    { type: "context", text: t("report.story.byline", { author: story.author, people: formatNumber(story.people, locale) }) },
  ];
}

function companyIdeaBlocks(shared: SharedContext, locale: Locale, t: Translate): Block[] {
  const lines = [t("report.ideas.company", { approved: formatNumber(shared.approved.count, locale), done: formatNumber(shared.done.count, locale) })];
  for (const idea of [...shared.done.titles, ...shared.approved.titles.filter((a) => !shared.done.titles.some((d) => d.id === a.id))]) {
    lines.push(`• ${t("report.ideas.line", { title: idea.title, status: t(`report.status.${idea.status}`) })}`);
  }
  return [{ type: "section", text: { bold: t("report.ideas.title") } }, { type: "section", text: lines.join("\n") }];
}

function ideaBlocks(shared: SharedContext, personal: PersonalContext, locale: Locale, t: Translate): Block[] {
  const blocks: Block[] = [...once(shared, `ideas|${locale}`, () => companyIdeaBlocks(shared, locale, t))];
  if (personal.ideas.length > 0) {
    const mine = personal.ideas.map((idea) => `• ${t("report.ideas.line", { title: idea.title, status: t(`report.status.${idea.status}`) })}`);
    blocks.push({ type: "section", text: [{ bold: t("report.ideas.yours") }, "\n", mine.join("\n")] });
  }
  return blocks;
}

function lineBlocks(personal: PersonalContext, reader: ReportReader, t: Translate): Block[] {
  const lines = [
    personal.hours
      ? t("report.line.hours", { worked: formatNumber(personal.hours.worked, reader.locale), target: formatNumber(personal.hours.target, reader.locale) })
      : t("report.line.noHours"),
  ];
  if (personal.nextShifts.length > 0) {
    lines.push(t("report.line.next"), ...personal.nextShifts.map((s) => `• ${shiftLabel(s, reader.locale, reader.timezone)}`));
  } else lines.push(t("report.line.noNext"));
  return [{ type: "section", text: { bold: t("report.line.title") } }, { type: "section", text: lines.join("\n") }];
}

/** Phrases without values, by language and key: the same in every report. */
const phrases = new Map<string, string>();

/** `translator(locale)`, keeping what a key without values says (thousands of reports ask for the same dozen). */
function reportTranslator(locale: Locale): Translate {
  const t = translator(locale);
  return (key, values) => {
    if (values) return t(key, values);
    const id = `${locale}|${key}`;
    let phrase = phrases.get(id);
    if (phrase === undefined) phrases.set(id, (phrase = t(key)));
    return phrase;
  };
}

export function monthlyReportMessage(figures: MonthlyFigures, shared: SharedContext, personal: PersonalContext, reader: ReportReader, options: ReportOptions = {}): Message {
  const { locale } = reader;
  const t = reportTranslator(locale);
  const month = monthName(figures.month, locale);
  const header = t("report.header", { month });
  const blocks: Block[] = [{ type: "header", text: header }];
  if (options.preview) blocks.push({ type: "context", text: t("report.preview", { name: reader.name }) });
  if (options.late) blocks.push({ type: "context", text: t("report.late") });
  blocks.push({ type: "section", text: t("report.intro", { name: reader.name, month }) });
  blocks.push(...once(figures, `company|${locale}`, () => companyBlocks(figures, locale, t)));
  if (options.chartUrl) blocks.push({ type: "image", url: options.chartUrl, alt: t("report.chartAlt", { count: formatNumber(figures.company.outcomes[THIS_MONTH]!.complaints, locale) }) });
  const department = reader.department;
  const departmentPart = department ? once(figures, `department|${locale}|${department.id}|${department.name}`, () => departmentBlocks(figures, reader, locale, t)) : [];
  blocks.push({ type: "divider" }, ...departmentPart, ...once(shared, `story|${locale}`, () => storyBlocks(shared, locale, t)));
  blocks.push({ type: "divider" }, ...ideaBlocks(shared, personal, locale, t), ...lineBlocks(personal, reader, t));
  if (!options.preview) {
    blocks.push(
      { type: "context", text: t("report.optOutHint") },
      { type: "actions", buttons: [{ action: REPORT_ACTIONS.optOut, label: t("report.optOut"), value: monthKey(figures.month) }] },
    );
  }
  return { summary: header, blocks, direction: textDirection(locale) };
}
