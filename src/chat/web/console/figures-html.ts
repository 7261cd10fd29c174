/**
 * Pieces the complaints view and the quarterly review both show: numbers and credits in the
 * reader's locale, a figure's value, and the subject a page is about.
 */
import type { Locale, Translate } from "../../../i18n";
import type { ComplaintFigure, ComplaintTotals } from "../../../services/complaints/complaint-trends";
import { html, join, type Html } from "../html";
import type { ConsoleSubject } from "./console-scope";

const intlLocale = (locale: Locale) => (locale === "he" ? "he-IL" : "en-GB");

export function formatCount(value: number, locale: Locale): string {
  return new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1 }).format(value);
}

/** "1,234.50 ILS": the amount in the reader's digits and the currency's code, whatever the currency. */
export function formatAmount(total: string, locale: Locale): string {
  return new Intl.NumberFormat(intlLocale(locale), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(total));
}

/** The value of a figure, isolated: one number, or a total per currency. */
export function figureValue(totals: ComplaintTotals, figure: ComplaintFigure, locale: Locale, tr: Translate): Html {
  if (figure === "credits") {
    if (totals.credits.length === 0) return html`${tr("console.complaints.noCredits")}`;
    return join(
      totals.credits.map((c) => html`<bdi>${formatAmount(c.total, locale)} ${c.currency}</bdi>`),
      " · ",
    );
  }
  return html`<bdi>${formatCount(totals[figure], locale)}</bdi>`;
}

/** The subject's name: the company, or the department's own. */
export function subjectName(subject: ConsoleSubject, tr: Translate): string {
  return subject.kind === "company" ? tr("console.complaints.company") : subject.department.name;
}

/** What the console's query string calls the subject. */
export function subjectKey(subject: ConsoleSubject): string {
  return subject.kind === "company" ? "company" : subject.department.key;
}
