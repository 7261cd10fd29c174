/** Figures as messages write them, in the reader's language: numbers, money, and changes. */
import type { Locale, Translate } from "../i18n";

function tagOf(locale: Locale): string {
  return locale === "he" ? "he-IL" : "en-GB";
}

// Formatters are costly to build and immutable: one per language (and currency), kept (the
// monthly report formats some 40 figures for each of thousands of people).
const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(key: string, build: () => Intl.NumberFormat): Intl.NumberFormat {
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = build()));
  return format;
}

export function formatNumber(value: number, locale: Locale): string {
  return numberFormat(locale, () => new Intl.NumberFormat(tagOf(locale), { maximumFractionDigits: 1 })).format(value);
}

export function formatMoney(total: string, currency: string, locale: Locale): string {
  try {
    return numberFormat(`${locale}|${currency}`, () => new Intl.NumberFormat(tagOf(locale), { style: "currency", currency, maximumFractionDigits: 0 })).format(Number(total));
  } catch {
    return `${formatNumber(Number(total), locale)} ${currency}`; // a code Intl does not know
  }
}

/** "▲ 25% (+3)", "▼ 10% (−2)" or "no change": which way, how much, and by how many. */
export function changeText(change: { delta: number; percent: number | undefined }, locale: Locale, t: Translate): string {
  if (Math.abs(change.delta) < 0.05) return t("digest.noChange");
  const arrow = change.delta > 0 ? "▲" : "▼";
  const delta = `${change.delta > 0 ? "+" : "−"}${formatNumber(Math.abs(change.delta), locale)}`;
  return change.percent === undefined ? `${arrow} ${delta}` : `${arrow} ${Math.abs(change.percent)}% (${delta})`;
}
