/**
 * Days the support line is closed: the country's public holidays (from date-holidays, which
 * names them in Hebrew and English) and the closures listed in the organisation file.
 */
import Holidays from "date-holidays";
import type { Closure } from "../config/organisation";
import type { Locale } from "../i18n";

export interface ClosedDay {
  /** YYYY-MM-DD. */
  date: string;
  name: string;
}

/** date-holidays parses its rule data per instance, which costs milliseconds: keep one per country and language. */
const calendars = new Map<string, Holidays>();

function calendarOf(country: string, locale: Locale): Holidays | undefined {
  const key = `${country}:${locale}`;
  let calendar = calendars.get(key);
  if (!calendar) {
    // An unknown country would yield no holidays silently: check it is one date-holidays knows.
    if (!(country in new Holidays().getCountries())) return undefined;
    calendar = new Holidays(country, { languages: [locale, "en"] });
    calendars.set(key, calendar);
  }
  return calendar;
}

/** Public holidays (type "public" only: observances and school days keep the line open) in [from, to]. */
export function publicHolidays(country: string | undefined, from: string, to: string, locale: Locale): ClosedDay[] {
  const calendar = country ? calendarOf(country, locale) : undefined;
  if (!calendar) return [];
  const days: ClosedDay[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    for (const holiday of calendar.getHolidays(year, locale)) {
      const date = holiday.date.slice(0, 10);
      if (holiday.type === "public" && from <= date && date <= to) days.push({ date, name: holiday.name });
    }
  }
  return days;
}

function eachDate(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    dates.push(new Date(t).toISOString().slice(0, 10));
  }
  return dates;
}

/** Every closed date in [from, to], first name wins when a closure and a holiday fall together. */
export function closedDays(
  options: { country?: string; publicHolidays: boolean; closures: readonly Closure[]; locale: Locale },
  from: string,
  to: string,
): Map<string, string> {
  const closed = new Map<string, string>();
  for (const closure of options.closures) {
    for (const date of eachDate(closure.from < from ? from : closure.from, closure.to > to ? to : closure.to)) {
      if (!closed.has(date)) closed.set(date, closure.name ?? "");
    }
  }
  if (options.publicHolidays) {
    for (const holiday of publicHolidays(options.country, from, to, options.locale)) {
      if (!closed.has(holiday.date)) closed.set(holiday.date, holiday.name);
    }
  }
  return closed;
}

export { eachDate };
