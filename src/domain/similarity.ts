/**
 * Text similarity for improvement ideas, in Hebrew and English (and a mix of both).
 *
 * Before a new idea is saved, the proposer is shown open ideas that look like it, so that
 * people add their voice to an existing idea instead of filing a duplicate. The pipeline:
 *
 *   text ──searchTermsOf──▶ terms (stored in `ideas.search_terms`, a GIN-indexed text[])
 *   the store fetches candidates whose terms overlap (`&&`) with the new idea's terms,
 *   then findSimilar scores and ranks them here.
 *
 * Everything is pure and deterministic. The stemming is deliberately light: a wrong
 * match costs the proposer a glance at one extra idea, while a heavy stemmer would be
 * hard to reason about. Whatever it does, it does the same to both texts, so an odd
 * stem still matches itself; character trigrams give partial credit for the
 * near-spellings (and typos) it misses.
 *
 * Changing anything that alters the terms of a text means the stored `search_terms`
 * need recomputing, or old ideas stop being found as candidates.
 */

/** The most terms kept for one text: enough for an idea, small enough for a GIN index. */
export const MAX_SEARCH_TERMS = 64;

/**
 * Ideas scoring at least this are shown as similar. Calibrated on the unit tests' pairs:
 * the same idea in other words scores about 0.45–0.85; unrelated ideas score near 0, or
 * up to about 0.3 when they share one everyday stem ("customer", "branch") among a few.
 * Two very short ideas sharing one term (2 terms each: 0.5) still pass; showing the
 * proposer one idea too many is cheap.
 */
export const DEFAULT_SIMILARITY_THRESHOLD = 0.35;

/** How many similar ideas findSimilar returns unless told otherwise. */
export const DEFAULT_SIMILAR_LIMIT = 3;

// ---------------------------------------------------------------------------------------
// Normalisation

// Hebrew punctuation inside the U+0591–U+05C7 block that separates words rather than
// decorating a letter: maqaf (the Hebrew hyphen), paseq, sof pasuq, nun hafukha.
const HEBREW_SEPARATORS = /[\u05BE\u05C0\u05C3\u05C6]/g;
// Niqqud (vowel points) and cantillation marks: most text has none, some has a few, and
// they must not make the same word look different.
const HEBREW_MARKS = /[\u0591-\u05C7]/g;
// Final forms are the same letter at the end of a word; mapping them lets a prefix or
// suffix be stripped without leaving a final letter in the middle (or a normal one at
// the end), so "חשבון" and "חשבונות" can share a stem.
const FINAL_LETTERS: Record<string, string> = { ך: "כ", ם: "מ", ן: "נ", ף: "פ", ץ: "צ" };
// An apostrophe or quote between two letters belongs to the word: "צ'אט" (chat),
// "מנכ"ל" (CEO, with ASCII or Hebrew gershayim), "customer's". Dropping it keeps the
// word whole instead of splitting it into fragments.
const INNER_QUOTES = /(?<=\p{L})['’"\u05F3\u05F4](?=\p{L})/gu;
const QUOTE = /['’"\u05F3\u05F4]/;
// Marks that only dress up an emoji: variation selectors (text or emoji style) and
// enclosing marks (the keycap in "1️⃣"). Without them an emoji never sticks to a word.
const EMOJI_MARKS = /[\p{Me}\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;
// Words are runs of letters and digits; combining marks are kept with their letter so
// that scripts which use them (after NFKC) are not cut mid-word. Shared with the complaint
// rules and themes; only ever used with matchAll, which copies it, so its lastIndex never leaks.
export const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

/**
 * NFKC, lower case, no niqqud, no emoji marks, no final letters, no quotes inside words.
 * Exported for the complaint rules and themes, which must see words exactly as ideas do.
 */
export function normalise(text: string): string {
  const normalised = text
    .normalize("NFKC") // full-width letters, ligatures and presentation forms become plain
    .toLowerCase()
    .replace(HEBREW_SEPARATORS, " ")
    .replace(HEBREW_MARKS, "")
    .replace(EMOJI_MARKS, "")
    .replace(/[ךםןףץ]/g, (ch) => FINAL_LETTERS[ch] ?? ch);
  // Most texts have no quote at all, and the lookbehind makes INNER_QUOTES by far the
  // slowest step; complaint attribution runs this a million times per import.
  return QUOTE.test(normalised) ? normalised.replace(INNER_QUOTES, "") : normalised;
}

// ---------------------------------------------------------------------------------------
// Stopwords: words that say nothing about what an idea is about. The lists are written
// naturally and normalised like any text, so "אין" is stored as "אינ".

const STOPWORDS = new Set(
  [
    // English
    "a an the and or but nor so if then than as at by for from in into of off on onto out",
    "over to up with without about after before via per not no yes also just only very too",
    "more most less all any some every each both other such same own",
    "is are was were be been being am do does did doing done have has had having",
    "can could will would shall should may might must need needs get gets got let lets",
    "i me my we us our ours you your he him his she her it its they them their",
    "this that these those there here what which who whom whose when where why how",
    "go please maybe think idea ideas suggest dont doesnt cant wont isnt im ive etc",
    // Hebrew
    "של את על עם אל זה זו זאת הזה הזאת הזו אלה אלו האלה גם כל לא יש אין או כי אם",
    "אני אתה את הוא היא אנחנו אתם אתן הם הן לי לך לו לה לנו לכם להם להן",
    "שלי שלך שלו שלה שלנו שלכם שלהם אותו אותה אותם אותן",
    "צריך צריכה צריכים צריכות כדאי אפשר חייב חייבים רוצה רוצים נא בבקשה אולי לדעתי להיות",
    "היה היתה הייתה היו יהיה תהיה רק אבל עוד כבר אז שם פה כאן עכשיו מה מי איך למה מתי איפה",
    "כמו כך ככה כן מאוד מאד יותר פחות הרבה בין אצל לפי בלי כדי אחרי לפני תוך",
    "בזה לזה מזה בכל לכל מכל כזה כזו כאלה ליד במקום וכו וכולי רעיון להציע מציע מציעה",
  ]
    .join(" ")
    .split(" ")
    .map(normalise),
);

// "and" (ו) and "that" (ש) glue onto Hebrew function words: "וגם", "שלא", "שיש", "ושאין".
// Those are stopwords too. Only these two letters are peeled here, because with ב, ל,
// מ or ה a function word often becomes a content word ("בעל" owner, "מלא" full, "העם").
/** Whether a {@link normalise}d word is a function word (also with ו or ש glued on). */
export function isStopword(word: string): boolean {
  for (let rest = word, i = 0; i <= 2; rest = rest.slice(1), i++) {
    if (STOPWORDS.has(rest)) return true;
    if (!/^[וש]/.test(rest)) return false;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Stemming

const ENGLISH_WORD = /^[a-z]+$/;
const HEBREW_WORD = /^[\u05D0-\u05EA]+$/;
const VOWEL = /[aeiouy]/;

/**
 * A tiny English stemmer, enough to match "invoice", "invoices", "invoiced", "invoicing".
 * Plurals and -ing/-ed go; a final silent "e" goes too (as in Porter's stemmer), because
 * "-ing" and "-ed" eat it: without that step "invoicing" → "invoic" would not meet
 * "invoice". Every rule keeps at least three letters, so short words are left alone.
 */
function stemEnglish(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith("ies")) {
    w = w.slice(0, -3) + "y"; // policies → policy
  } else if (w.length > 4 && /(?:ss|sh|ch|x|z)es$/.test(w)) {
    w = w.slice(0, -2); // boxes → box, processes → process
  } else if (w.length > 3 && w.endsWith("s") && !/(?:ss|us|is)$/.test(w)) {
    w = w.slice(0, -1); // invoices → invoice, but not process, status, analysis
  } else if (w.length > 4 && w.endsWith("ied")) {
    w = w.slice(0, -3) + "y"; // applied → apply
  } else {
    // sending → send, opened → open; not "string" (no vowel left) or "need" (-eed)
    const suffix = /(?:ing|ed)$/.exec(w)?.[0];
    const stem = suffix ? w.slice(0, -suffix.length) : "";
    if (stem.length >= 3 && VOWEL.test(stem) && !w.endsWith("eed")) {
      // stopped → stopp → stop, but call, miss and buzz keep their double letter
      w = /([^aeiouylsz])\1$/.test(stem) && stem.length > 3 ? stem.slice(0, -1) : stem;
    }
  }
  // invoice → invoic, so that it meets invoicing → invoic; "fee" and "free" keep theirs
  if (w.length > 3 && w.endsWith("e") && !w.endsWith("ee")) w = w.slice(0, -1);
  return w;
}

// One-letter prefixes that attach to Hebrew words: ו and, ה the, ב in, ל to, מ from,
// ש that, כ like. Two or three may stack ("וה", "שב", "וכש"), and a word may itself start
// with such letters ("משלוח"): all of them go, or "המשלוח" and "משלוח" would not meet.
const HEBREW_PREFIX = /^[והבלמשכ]/;

/**
 * A light Hebrew stemmer. Hebrew glues prepositions, "and", "the" and "that" to the front
 * of a word, and marks plural and feminine at the end, so "החשבוניות" (the invoices),
 * "בחשבונית" (in the invoice) and "חשבונית" (invoice) must all lose their affixes to meet.
 *
 * The ending goes first: the plural ים / ות, or else the feminine singular ה / ת (the
 * letter that ות replaces: "עמלה" / "עמלות", "חשבונית" / "חשבוניות"). Then every
 * prefix letter in front. Every step keeps at least three letters, the shortest Hebrew root.
 *
 * A word that merely starts with a prefix letter ("מוצר" product) loses it too, but so
 * does every inflection of it ("מוצרים", "המוצר"), so they still meet; the cost is that
 * a few unrelated words share a stem, which the score tolerates.
 */
function stemHebrew(word: string): string {
  let w = word;
  if (/(?:ימ|ות)$/.test(w)) {
    if (w.length - 2 >= 3) w = w.slice(0, -2);
  } else if (/[הת]$/.test(w) && w.length - 1 >= 3) {
    w = w.slice(0, -1);
  }
  while (HEBREW_PREFIX.test(w) && w.length - 1 >= 3) w = w.slice(1);
  return w;
}

function stem(word: string): string {
  if (ENGLISH_WORD.test(word)) return stemEnglish(word);
  if (HEBREW_WORD.test(word)) return stemHebrew(word);
  return word; // numbers, codes like "b2b", other scripts: as typed (normalised)
}

// ---------------------------------------------------------------------------------------
// Terms

/** One letter or digit says nothing on its own ("ב", "x", "3"); counted by code point. */
function isSingleLetter(word: string): boolean {
  return word.length === 1 || (word.length === 2 && [...word].length === 1);
}

/**
 * The distinct search terms of a text, sorted, at most {@link MAX_SEARCH_TERMS}: what is
 * stored with an idea and compared by {@link similarityScore}. Empty for text with no
 * words (blank, emoji, punctuation).
 *
 * When a text has more terms, the first ones in the text are kept: people state the gist
 * of an idea first. Sorting uses code-unit order, which does not depend on the locale.
 */
export function searchTermsOf(text: string): string[] {
  const terms = new Set<string>();
  for (const [word] of normalise(text).matchAll(WORD)) {
    if (isSingleLetter(word) || isStopword(word)) continue;
    const term = stem(word);
    if (isSingleLetter(term)) continue;
    terms.add(term);
    if (terms.size >= MAX_SEARCH_TERMS) break;
  }
  return [...terms].sort();
}

// ---------------------------------------------------------------------------------------
// Scoring

// A term that only resembles one on the other side ("invoic" / "invois", "דרכ" / "דריכ")
// is weaker evidence than the same term, so it earns at most this much of a match.
const NEAR_MISS_WEIGHT = 0.5;

/** Character trigrams of the terms, each padded so its first and last letters count. */
function trigramsOf(terms: readonly string[]): Set<string> {
  const trigrams = new Set<string>();
  for (const term of terms) {
    // Per term, so no trigram spans two terms; by code point, so no half surrogate pairs.
    const chars = [..." " + term + " "];
    for (let i = 0; i + 3 <= chars.length; i++) trigrams.add(chars.slice(i, i + 3).join(""));
  }
  return trigrams;
}

/** Dice's coefficient, 2|A∩B| / (|A|+|B|); 0 when either is empty. */
function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/*
 * Dice over terms, with partial credit for the terms left over. Every term of both sides
 * counts once: fully when the other side has it too, and otherwise by how much the
 * leftover terms of the two sides resemble each other (trigram Dice, halved). So the same
 * terms score 1, and two ideas sharing one stem out of eight ("customer") stay low, as
 * their other terms have nothing in common. Trigram Dice over all terms would instead let
 * the shared term count twice and reward trigrams that unrelated words happen to share.
 */
function score(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const restA = [...a].filter((term) => !b.has(term));
  const restB = [...b].filter((term) => !a.has(term));
  const total = a.size + b.size;
  const unmatched = restA.length + restB.length;
  const nearMiss = unmatched === 0 ? 0 : dice(trigramsOf(restA), trigramsOf(restB));
  return (total - unmatched) / total + (NEAR_MISS_WEIGHT * unmatched * nearMiss) / total;
}

/**
 * How alike two term lists (from {@link searchTermsOf}) are, from 0 (nothing shared, or
 * either empty) to 1 (the same terms). Symmetric and deterministic; duplicates and order
 * do not matter.
 */
export function similarityScore(a: readonly string[], b: readonly string[]): number {
  return score(new Set(a), new Set(b));
}

export interface SimilarOptions {
  /** The lowest score that counts as similar; {@link DEFAULT_SIMILARITY_THRESHOLD}. */
  threshold?: number;
  /** The most results; {@link DEFAULT_SIMILAR_LIMIT}. */
  limit?: number;
}

/**
 * The candidates similar to the query terms, best first; on equal scores the higher id
 * (the newer idea) first, so the order never depends on the order candidates came in.
 * A candidate with a score of 0 is never similar, whatever the threshold.
 */
export function findSimilar<T extends { id: number; terms: readonly string[] }>(
  queryTerms: readonly string[],
  candidates: readonly T[],
  options: SimilarOptions = {},
): { item: T; score: number }[] {
  const threshold = options.threshold ?? DEFAULT_SIMILARITY_THRESHOLD;
  const limit = options.limit ?? DEFAULT_SIMILAR_LIMIT;
  if (limit <= 0) return [];
  const query = new Set(queryTerms);
  return candidates
    .map((item) => ({ item, score: score(query, new Set(item.terms)) }))
    .filter((match) => match.score > 0 && match.score >= threshold)
    .sort((x, y) => y.score - x.score || y.item.id - x.item.id)
    .slice(0, limit);
}
