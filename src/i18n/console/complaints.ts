/** The console's complaints view, in both languages. */
export const complaints = {
  en: {},
  he: {},
} as const;
