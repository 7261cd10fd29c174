import i18next, { type TOptions } from "i18next";
import { containsRtl, isolateBidi } from "../domain/text-safety";
import { en } from "./en";
import { he } from "./he";

export const LOCALES = ["en", "he"] as const;
export type Locale = (typeof LOCALES)[number];
export const catalogues = { en, he };

const RTL_LOCALES: ReadonlySet<Locale> = new Set(["he"]);

const i18n = i18next.createInstance();
void i18n.init({
  initAsync: false,
  resources: { en: { translation: en }, he: { translation: he } },
  fallbackLng: "en",
  // Text is escaped by each platform's renderer, never here.
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function isRtl(locale: Locale): boolean {
  return RTL_LOCALES.has(locale);
}

/** The direction a message or form in this language is laid out in. */
export function textDirection(locale: Locale): "ltr" | "rtl" {
  return isRtl(locale) ? "rtl" : "ltr";
}

/** Narrows a platform's or directory's locale ("he-IL", "en_US", the old "iw") to one we have. */
export function toLocale(value: string | null | undefined): Locale | undefined {
  const language = value?.slice(0, 2).toLowerCase();
  // "iw" is Hebrew's code before 1989, which some directories still hand out.
  return LOCALES.find((l) => l === (language === "iw" ? "he" : language));
}

/** The organisation file's choice first, then the platform's, then the company default. */
export function resolveLocale(choices: {
  employee?: string | null;
  platform?: string | null;
  company: Locale;
}): Locale {
  return toLocale(choices.employee) ?? toLocale(choices.platform) ?? choices.company;
}

/**
 * Text put together from pieces that were translated (and so isolated) already, such as a
 * list of items: interpolated as it is. Isolating it whole would take its direction from its
 * first letter outside the pieces' own isolates, and with none there lay a Hebrew list out
 * left to right.
 */
export interface Composed {
  readonly composed: string;
}

export function composed(text: string): Composed {
  return { composed: text };
}

export type Values = Record<string, string | number | Composed>;

/*
 * Every string value is isolated in a right-to-left sentence: an English name, a number or a
 * bracket inside Hebrew keeps its place. In a left-to-right sentence only a value with a
 * right-to-left letter can turn around (a mixed Hebrew and English title shows its parts in
 * the wrong order without its own isolate); one without stays as typed, which keeps
 * English text free of invisible characters where they change nothing.
 */
function interpolated(locale: Locale, value: string | number | Composed): string | number {
  if (typeof value === "number") return value;
  if (typeof value !== "string") return value.composed;
  return isolatedIn(locale, value);
}

/** User-written text placed in a message in `locale` outside a translation, isolated as `t` would. */
export function isolatedIn(locale: Locale, text: string): string {
  return isRtl(locale) || containsRtl(text) ? isolateBidi(text) : text;
}

/** Translates `key`, each value isolated where its direction could differ from the sentence's. */
export function t(locale: Locale, key: string, values: Values = {}): string {
  const isolated = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, interpolated(locale, v)]));
  return i18n.t(key, { lng: locale, ...isolated } as TOptions);
}

/**
 * User-written text in quotation marks, isolated as `isolatedIn` would with the marks inside:
 * quotation marks are not mirrored, so outside the isolate an English quote in a Hebrew
 * message shows them swapped.
 */
export function quoted(locale: Locale, text: string): string {
  return isolatedIn(locale, `“${text}”`);
}

export type Translate = (key: string, values?: Values) => string;

export function translator(locale: Locale): Translate {
  return (key, values) => t(locale, key, values);
}
