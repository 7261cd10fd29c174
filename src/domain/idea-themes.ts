/**
 * Which recurring complaint themes an idea speaks to, by the digest's rule: an idea covers
 * a theme when its search terms hold every term of the theme's words (the same stemming on
 * both sides, see similarity.ts). There is no stored link between ideas and themes; this is
 * read each time from the words.
 */
import { searchTermsOf } from "./similarity";

export interface CountedTheme {
  theme: string;
  count: number;
}

/** The themes (already ranked) that the idea's terms cover, in their order, at most `limit`. */
export function themesCoveredBy(ideaTerms: readonly string[], themes: readonly CountedTheme[], limit: number): CountedTheme[] {
  const terms = new Set(ideaTerms);
  return themes
    .filter(({ theme }) => {
      const wanted = searchTermsOf(theme);
      return wanted.length > 0 && wanted.every((term) => terms.has(term));
    })
    .slice(0, limit);
}
