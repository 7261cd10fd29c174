/** The console's stories view, in both languages. */
export const stories = {
  en: {},
  he: {},
} as const;
