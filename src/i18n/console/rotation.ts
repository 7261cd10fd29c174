/** The console's rotation view, in both languages. */
export const rotation = {
  en: {},
  he: {},
} as const;
