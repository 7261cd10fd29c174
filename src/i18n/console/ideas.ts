/** The console's ideas view, in both languages. */
export const ideas = {
  en: {},
  he: {},
} as const;
