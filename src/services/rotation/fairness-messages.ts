/**
 * The fairness report for managers: target against actual hours on the support line, per
 * department and per person. Names are shown, never mentioned, so that reading a report
 * notifies nobody.
 */
import type { Block, Inline, Message, Text } from "../../chat/message";
import { chunk } from "../../domain/chunk";
import { truncate } from "../../domain/text-safety";
import { translator, type Locale, textDirection } from "../../i18n";
import { formatWhen } from "../deps";
import type { DepartmentHours, HoursReport, PersonHours } from "./hours-report";

export interface FairnessMessageOptions {
  /** People listed at most, largest differences first; the others are counted. Default 40. */
  maxPeople?: number;
}

/** Slack's cap on blocks in one message. */
const MAX_BLOCKS = 50;
/** Ten lines of at most a few hundred characters keep a section well under Slack's 3000. */
const LINES_PER_SECTION = 10;
const MAX_DEPARTMENT_SECTIONS = 5;
const NAME_CHARS = 80;

function formatHours(hours: number, locale: Locale, signed = false): string {
  return new Intl.NumberFormat(locale === "he" ? "he-IL" : "en-GB", {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    ...(signed ? { signDisplay: "exceptZero" as const } : {}),
  }).format(hours);
}

function formatDate(date: string, locale: Locale): string {
  return formatWhen(new Date(`${date}T00:00:00Z`), locale, "UTC", false);
}

function departmentName(department: { name: string | null } | null, locale: Locale): string {
  return truncate(department?.name ?? translator(locale)("rotationReport.noDepartment"), NAME_CHARS);
}

function departmentLine(department: DepartmentHours, locale: Locale): string {
  return translator(locale)("rotationReport.departmentLine", {
    department: departmentName(department, locale),
    people: String(department.people),
    target: formatHours(department.targetHours, locale),
    actual: formatHours(department.workedHours + department.scheduledHours, locale),
    worked: formatHours(department.workedHours, locale),
    scheduled: formatHours(department.scheduledHours, locale),
    difference: formatHours(department.difference, locale, true),
  });
}

function personLine(person: PersonHours, locale: Locale): string {
  const tr = translator(locale);
  const name = truncate(person.name, NAME_CHARS);
  return tr("rotationReport.personLine", {
    name: person.active ? name : tr("rotationReport.formerEmployee", { name }),
    department: departmentName(person.department, locale),
    target: formatHours(person.targetHours, locale),
    actual: formatHours(person.workedHours + person.scheduledHours, locale),
    difference: formatHours(person.difference, locale, true),
  });
}

/** Lines under a bold heading, several to a section block. */
function sections(heading: string, lines: string[]): Block[] {
  return chunk(lines, LINES_PER_SECTION).map((group, i) => {
    const text: Inline[] = i === 0 ? [{ bold: heading }, "\n"] : [];
    group.forEach((line, j) => text.push(...(j ? ["\n", line] : [line])));
    return { type: "section", text };
  });
}

/** Largest deviation from the target first, in hours either way. */
function byDeviation(a: PersonHours, b: PersonHours): number {
  return Math.abs(b.difference) - Math.abs(a.difference) || a.name.localeCompare(b.name);
}

export function fairnessMessage(report: HoursReport, locale: Locale, options: FairnessMessageOptions = {}): Message {
  const tr = translator(locale);
  const period = { from: formatDate(report.from, locale), to: formatDate(report.to, locale) };
  const summary: Text = tr("rotationReport.summary", period);
  const blocks: Block[] = [{ type: "header", text: tr("rotationReport.title", period) }];
  const share = new Intl.NumberFormat(locale === "he" ? "he-IL" : "en-GB", { style: "percent", maximumFractionDigits: 1 }).format(report.share);
  blocks.push({ type: "context", text: tr("rotationReport.explanation", { share }) });
  if (report.people.length === 0) {
    blocks.push({ type: "section", text: tr("rotationReport.empty") });
    return { direction: textDirection(locale), summary, blocks };
  }

  const departments = [...report.departments].sort((a, b) => (a.key === null ? 1 : b.key === null ? -1 : departmentName(a, locale).localeCompare(departmentName(b, locale))));
  const departmentsShown = departments.slice(0, MAX_DEPARTMENT_SECTIONS * LINES_PER_SECTION - 1);
  const departmentLines = departmentsShown.map((d) => departmentLine(d, locale));
  if (departments.length > 1) {
    departmentLines.push(
      tr("rotationReport.totalLine", {
        people: String(report.totals.people),
        target: formatHours(report.totals.targetHours, locale),
        actual: formatHours(report.totals.workedHours + report.totals.scheduledHours, locale),
        difference: formatHours(report.totals.difference, locale, true),
      }),
    );
  }
  blocks.push(...sections(tr("rotationReport.departmentsHeading"), departmentLines));
  if (departmentsShown.length < departments.length) {
    blocks.push({ type: "context", text: tr("rotationReport.moreDepartments", { count: String(departments.length - departmentsShown.length) }) });
  }

  // One block stays free for the count of people left out.
  const roomForPeople = (MAX_BLOCKS - blocks.length - 1) * LINES_PER_SECTION;
  const people = [...report.people].sort(byDeviation);
  const shown = people.slice(0, Math.max(0, Math.min(options.maxPeople ?? 40, roomForPeople)));
  if (shown.length > 0) blocks.push(...sections(tr("rotationReport.peopleHeading"), shown.map((p) => personLine(p, locale))));
  if (shown.length < people.length) {
    blocks.push({ type: "context", text: tr("rotationReport.morePeople", { count: String(people.length - shown.length) }) });
  }
  return { direction: textDirection(locale), summary, blocks };
}
