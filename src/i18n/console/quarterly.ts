/** The console's quarterly view, in both languages. */
export const quarterly = {
  en: {},
  he: {},
} as const;
