/**
 * Recurring phrases in complaints: the words and two-word phrases each complaint is
 * stored with, and the most frequent of them across many complaints for the digest.
 *
 * A theme is shown to people ("דמי משלוח" 14 times this week), so it keeps its natural
 * spelling: final letters as Hebrew writes them and no stemming. "משלוח" and "המשלוח"
 * therefore count apart; guessing which leading letter is a prefix would merge unrelated
 * words, and a digest that shows a wrong word is worse than one that splits a count.
 * Personal data never becomes a theme: it is cut out before the words are read.
 */
import { findPersonalData } from "../personal-data";
import { isStopword, normalise, WORD } from "../similarity";

/** The most themes stored with one complaint. */
export const MAX_THEMES = 24;

/**
 * The themes of one complaint, in the order they first appear: its content words and the
 * two-word phrases of adjacent content words (not across punctuation, a stopword, or
 * removed personal data). Deduplicated, at most {@link MAX_THEMES}, deterministic.
 */
export function themesOf(text: string): string[] {
  const themes = new Set<string>();
  const add = (theme: string) => {
    if (themes.size < MAX_THEMES) themes.add(theme);
  };
  for (const clause of clausesOf(text)) {
    let previous: string | undefined;
    for (const [raw] of normalise(clause).matchAll(WORD)) {
      const word = isContentWord(raw) ? withFinalLetters(raw) : undefined;
      if (word !== undefined) {
        add(word);
        if (previous !== undefined) add(`${previous} ${word}`);
      }
      previous = word;
    }
    if (themes.size >= MAX_THEMES) break;
  }
  return [...themes];
}

/**
 * The most frequent themes, by count and then alphabetically (by code unit, whatever the
 * locale), leaving out those counted fewer than `minCount` times. A word is left out in
 * favour of a phrase containing it that is counted at least 80% as often: "delivery fee"
 * 9 says more than "delivery" 10, and showing both repeats it. The phrase then takes the
 * word's place in the list, so hiding a word never lets a weaker theme in.
 */
export function topThemes(
  counts: ReadonlyMap<string, number>,
  limit: number,
  minCount = 2,
): { theme: string; count: number }[] {
  const ranked = [...counts]
    .filter(([, count]) => count >= minCount)
    .map(([theme, count]) => ({ theme, count }))
    .sort(byCountThenTheme);
  const phrases = ranked.filter((t) => t.theme.includes(" "));
  const chosen = new Map<string, { theme: string; count: number }>();
  for (const candidate of ranked) {
    if (chosen.size >= limit) break;
    const shown = candidate.theme.includes(" ") ? candidate : (hidingPhrase(candidate, phrases) ?? candidate);
    chosen.set(shown.theme, shown);
  }
  return [...chosen.values()].sort(byCountThenTheme);
}

/** What a phrase must be counted, relative to its word, to stand in for the word. */
const PHRASE_SHARE = 0.8;

/** The strongest phrase (they are sorted) that contains the word often enough to replace it. */
function hidingPhrase(
  word: { theme: string; count: number },
  phrases: readonly { theme: string; count: number }[],
): { theme: string; count: number } | undefined {
  return phrases.find((p) => p.count >= PHRASE_SHARE * word.count && p.theme.split(" ").includes(word.theme));
}

function byCountThenTheme(a: { theme: string; count: number }, b: { theme: string; count: number }): number {
  return b.count - a.count || (a.theme < b.theme ? -1 : a.theme > b.theme ? 1 : 0);
}

// ---------------------------------------------------------------------------------------

// Punctuation that ends a thought: words on either side of it are not a phrase.
// The hyphen is left out ("e-mail", "ב-2026" are one thought); the maqaf is a word
// separator that normalise handles. Quotes are left out too, as Hebrew puts them inside
// words (מנכ"ל).
const CLAUSE_BREAK = /[.,;:!?()[\]{}<>\n\r\t|/\\…–—•·]+/u;
// Links say nothing about what a complaint is about, and "https" is not a theme.
const LINK = /\b(?:https?:\/\/|www\.)\S+/giu;

/** The text cut into clauses, with personal data and links removed (they end a clause too). */
function clausesOf(text: string): string[] {
  const pieces: string[] = [];
  let from = 0;
  for (const span of findPersonalData(text)) {
    pieces.push(text.slice(from, span.start));
    from = span.end;
  }
  pieces.push(text.slice(from));
  return pieces.flatMap((piece) => piece.split(LINK)).flatMap((piece) => piece.split(CLAUSE_BREAK));
}

const LATIN = /\p{Script=Latin}/u;
const HEBREW_LETTERS = /\p{Script=Hebrew}/u;
// A number with Hebrew prefix letters glued on ("ב-350" is split, "ב350" is not) is still
// a number.
const NUMBER = /^[והבלמשכ]{0,3}\p{N}+$/u;

// Words common in complaints that similarity's list (written for ideas) lets through, yet
// say nothing of what went wrong: "they called me again yesterday".
const COMPLAINT_STOPWORDS = new Set(
  [
    "again still yet really too yesterday today tomorrow ever never since because while ago same",
    "אליי אלי אליו אליה אלינו אליהם מדי עדיין שוב אתמול היום מחר פעם פעמים כלום שום",
    // How a repeat complaint introduces itself ("פונה שוב באותו עניין"), not what it is about.
    "פונה פניתי פנינו פנייה פניה אותו אותה באותו באותה עניין בעניין",
  ]
    .join(" ")
    .split(" ")
    .map(normalise),
);

/** similarity's stopwords, and the complaint ones, also with ו or ש glued on ("ושוב"). */
function isThemeStopword(word: string): boolean {
  if (isStopword(word)) return true;
  for (let rest = word, i = 0; i <= 2; rest = rest.slice(1), i++) {
    if (COMPLAINT_STOPWORDS.has(rest)) return true;
    if (!/^[וש]/.test(rest)) return false;
  }
  return false;
}

/** A {@link normalise}d word that says what the complaint is about. */
function isContentWord(word: string): boolean {
  if (NUMBER.test(word) || isThemeStopword(word)) return false;
  // Two Hebrew letters make a word ("דמי", "חג"); two Latin ones rarely do ("ok", "re").
  return [...word].length >= (LATIN.test(word) ? 3 : 2);
}

const FINAL_FORMS: Record<string, string> = { כ: "ך", מ: "ם", נ: "ן", פ: "ף", צ: "ץ" };

/**
 * normalise writes every letter in its normal form; Hebrew writes the last letter of a
 * word in its final form, so a theme is shown that way ("חשבון", not "חשבונ").
 */
function withFinalLetters(word: string): string {
  const last = word[word.length - 1] ?? "";
  const final = FINAL_FORMS[last];
  return final !== undefined && word.length > 1 && HEBREW_LETTERS.test(word[word.length - 2] ?? "")
    ? word.slice(0, -1) + final
    : word;
}
