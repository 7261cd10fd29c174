/** Figures as messages write them, in the reader's language: numbers, money, and changes. */
import type { Locale, Translate } from "../i18n";

function tagOf(locale: Locale): string {
  return locale === "he" ? "he-IL" : "en-GB";
}

export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(tagOf(locale), { maximumFractionDigits: 1 }).format(value);
}

export function formatMoney(total: string, currency: string, locale: Locale): string {
  try {
    return new Intl.NumberFormat(tagOf(locale), { style: "currency", currency, maximumFractionDigits: 0 }).format(Number(total));
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
