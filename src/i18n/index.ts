import i18next, { type TOptions } from "i18next";
import { isolateBidi } from "../domain/text-safety";
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

/** Narrows a platform's locale ("he-IL", "en_US") to one we have. */
export function toLocale(value: string | null | undefined): Locale | undefined {
  const language = value?.slice(0, 2).toLowerCase();
  return LOCALES.find((l) => l === language);
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
 * Translates `key`. Interpolated values are wrapped in Unicode isolates in right-to-left
 * locales, so an English name or a number inside a Hebrew sentence keeps its place.
 */
export function t(locale: Locale, key: string, values: Record<string, string | number> = {}): string {
  const isolated = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, isRtl(locale) && typeof v === "string" ? isolateBidi(v) : v]),
  );
  return i18n.t(key, { lng: locale, ...isolated } as TOptions);
}

export type Translate = (key: string, values?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  return (key, values) => t(locale, key, values);
}
