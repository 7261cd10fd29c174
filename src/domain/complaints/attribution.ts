/**
 * Which department a complaint belongs to, by the keywords and patterns each department
 * lists in the organisation file.
 *
 * Keywords are what administrators can write without thinking about Hebrew grammar:
 * "חשבונית" also finds "בחשבונית" and "והחשבונית", "invoice" also finds "invoices", and
 * niqqud, final letters and case never matter. Patterns (regular expressions) are for
 * everything else. The department with the most distinct rules matching wins; a tie means
 * nobody can tell, and the complaint waits in the unassigned queue for a person.
 *
 * An import may bring a million complaints, so the rules are compiled once into a hash
 * table of the keywords' first words, and a complaint costs a few table probes per word
 * however many departments and keywords there are. Pure and deterministic.
 */
import { normalise } from "../similarity";

export interface AttributionRule {
  departmentKey: string;
  keywords: readonly string[];
  /** Regular-expression sources written by an administrator; compiled with flags "iu". */
  patterns: readonly string[];
}

export interface Attribution {
  departmentKey: string;
  /** The keyword or pattern source, as written in the organisation file. */
  matched: string;
}

/** Longer sources are refused: nobody needs one, and they are where slow patterns hide. */
export const MAX_PATTERN_LENGTH = 300;

const PATTERN_FLAGS = "iu";

/** Why `source` cannot be a department's pattern, for the organisation-file validator; undefined when it can. */
export function patternProblem(source: string): string | undefined {
  if (source.length > MAX_PATTERN_LENGTH) {
    return `is ${source.length} characters long; a pattern may have at most ${MAX_PATTERN_LENGTH}`;
  }
  let regex: RegExp;
  try {
    regex = new RegExp(source, PATTERN_FLAGS);
  } catch (error) {
    return `is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`;
  }
  // "", "x*", "a|": such a pattern claims every complaint, which is never what was meant.
  if (regex.test("")) return "matches an empty text, so it would match every complaint";
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Compiling

interface Keyword {
  /** Its index, to count each keyword once per complaint. */
  id: number;
  department: number;
  /** Its normalised words. */
  words: readonly string[];
  written: string;
}

interface Pattern {
  department: number;
  regex: RegExp;
  source: string;
}

/** Rules ready for {@link attribute}; build with {@link compileAttribution}, treat as opaque. */
export class CompiledAttribution {
  /** @internal Open addressing: slot → 1 + index into firstWords, 0 when empty. */
  readonly table: Int32Array;
  /**
   * @internal A bit per (first letter, last letter, length) of a first word: a quick "no"
   * for most words of a complaint, before any hashing.
   */
  readonly filter: Uint32Array;
  /** @internal Per keyword, the last call that counted it. */
  readonly seen: Uint32Array;
  /** @internal */
  generation = 0;
  /** @internal Scratch for one call, reused so that a call allocates little. */
  readonly score: Uint16Array;
  /** @internal */
  readonly first: (string | undefined)[];

  /** @internal */
  constructor(
    readonly departments: readonly string[],
    /** The distinct first words of the keywords, and the keywords starting with each. */
    readonly firstWords: readonly string[],
    readonly keywordsByFirstWord: readonly (readonly Keyword[])[],
    readonly patterns: readonly Pattern[],
    keywordCount: number,
  ) {
    let size = 16;
    while (size < firstWords.length * 4) size *= 2; // at most a quarter full: short probes
    this.table = new Int32Array(size);
    firstWords.forEach((word, index) => {
      let slot = hashOf(word, 0, word.length, 0) & (size - 1);
      while (this.table[slot] !== 0) slot = (slot + 1) & (size - 1);
      this.table[slot] = index + 1;
    });
    this.filter = new Uint32Array(FILTER_BITS / 32);
    for (const word of firstWords) {
      const bit = filterBit(word.charCodeAt(0), word.charCodeAt(word.length - 1), word.length);
      this.filter[bit >>> 5]! |= 1 << (bit & 31);
    }
    this.seen = new Uint32Array(keywordCount);
    this.score = new Uint16Array(departments.length);
    this.first = new Array<string | undefined>(departments.length).fill(undefined);
  }
}

/**
 * Compiles the departments' rules. Several rules for one department key add up, and a
 * keyword it lists twice (or in two spellings) is one rule. A keyword with no words (only
 * punctuation) is ignored; a pattern that {@link patternProblem} rejects throws, as the
 * organisation file should never have been accepted with it.
 */
export function compileAttribution(rules: readonly AttributionRule[]): CompiledAttribution {
  const departments: string[] = [];
  const known: Set<string>[] = [];
  const indexOf = new Map<string, number>();
  const firstWordIndex = new Map<string, number>();
  const keywordsByFirstWord: Keyword[][] = [];
  const patterns: Pattern[] = [];
  let keywordCount = 0;
  for (const rule of rules) {
    let department = indexOf.get(rule.departmentKey);
    if (department === undefined) {
      department = departments.push(rule.departmentKey) - 1;
      known.push(new Set());
      indexOf.set(rule.departmentKey, department);
    }
    const seen = known[department]!;
    for (const written of rule.keywords) {
      const words = wordsOf(written);
      const [first] = words;
      const key = `k ${words.join(" ")}`;
      if (first === undefined || seen.has(key)) continue;
      seen.add(key);
      let index = firstWordIndex.get(first);
      if (index === undefined) {
        index = keywordsByFirstWord.push([]) - 1;
        firstWordIndex.set(first, index);
      }
      keywordsByFirstWord[index]!.push({ id: keywordCount++, department, words, written });
    }
    for (const source of rule.patterns) {
      if (seen.has(`p ${source}`)) continue;
      seen.add(`p ${source}`);
      const problem = patternProblem(source);
      if (problem) throw new Error(`Pattern /${source}/ of department "${rule.departmentKey}" ${problem}`);
      patterns.push({ department, regex: new RegExp(source, PATTERN_FLAGS), source });
    }
  }
  return new CompiledAttribution(departments, [...firstWordIndex.keys()], keywordsByFirstWord, patterns, keywordCount);
}

// ---------------------------------------------------------------------------------------
// Attributing

/**
 * The department a complaint belongs to, or undefined when no rule matches or the best
 * departments tie. The category is matched like the text (but no keyword spans the two).
 *
 * `matched` is the winner's first match: its keyword found earliest in the text (then in
 * the category), or, with no keyword, its first pattern in the order written. Patterns run
 * on the text with niqqud removed and NFKC applied but final letters as typed, so that an
 * administrator's "חשבון" works as written.
 */
export function attribute(compiled: CompiledAttribution, text: string, category?: string | null): Attribution | undefined {
  const { departments, patterns, score, first } = compiled;
  if (departments.length === 0) return undefined;
  score.fill(0);
  first.fill(undefined);
  const generation = nextGeneration(compiled);

  const segments = category ? [text, category] : [text];
  if (compiled.firstWords.length > 0) for (const segment of segments) matchKeywords(compiled, normalise(segment), generation);

  if (patterns.length > 0) {
    const plain = segments.map(forPatterns);
    for (const pattern of patterns) {
      if (!plain.some((s) => pattern.regex.test(s))) continue;
      score[pattern.department]!++;
      first[pattern.department] ??= pattern.source;
    }
  }

  let best = -1;
  let tied = false;
  for (let d = 0; d < departments.length; d++) {
    const s = score[d]!;
    if (s === 0) continue;
    if (best === -1 || s > score[best]!) {
      best = d;
      tied = false;
    } else if (s === score[best]) {
      tied = true;
    }
  }
  if (best === -1 || tied) return undefined;
  return { departmentKey: departments[best]!, matched: first[best]! };
}

/*
 * Words are kept as offsets into the normalised text, and a variant of a word (without
 * prefixes, without a plural ending) is a range of it, hashed and compared in place: no
 * string is cut unless a keyword's first word is found and has more words to check.
 * (A Map keyed by cut strings cost more than normalising the text.)
 */
let bounds = new Int32Array(512); // start, end of word 0; start, end of word 1; …

function matchKeywords(compiled: CompiledAttribution, text: string, generation: number): void {
  const count = wordBounds(text);
  for (let w = 0; w < count; w++) {
    const start = bounds[2 * w]!;
    const end = bounds[2 * w + 1]!;
    const length = end - start;
    visit(compiled, text, w, count, start, end, 0, generation);
    // English plurals: invoices → invoice, boxes → box, policies → policy. "invoice's"
    // arrives as "invoices": normalise drops the apostrophe.
    if (text.charCodeAt(end - 1) === LOWER_S && isLatinLower(text.charCodeAt(end - 2))) {
      if (length > 3) visit(compiled, text, w, count, start, end - 1, 0, generation);
      if (length > 4 && text.charCodeAt(end - 2) === LOWER_E) visit(compiled, text, w, count, start, end - 2, 0, generation);
      if (length > 4 && text.startsWith("ies", end - 3)) visit(compiled, text, w, count, start, end - 3, LOWER_Y, generation);
    }
    // Hebrew prefixes: בחשבונית, והחשבונית → חשבונית
    for (let k = 1; k <= MAX_PREFIXES && length - k >= MIN_STEM && isHebrewPrefix(text.charCodeAt(start + k - 1)); k++) {
      visit(compiled, text, w, count, start + k, end, 0, generation);
    }
  }
}

/** Counts the keywords whose first word is text[from, to) (+ `extra`) and whose other words follow word `w`. */
function visit(
  compiled: CompiledAttribution,
  text: string,
  w: number,
  count: number,
  from: number,
  to: number,
  extra: number,
  generation: number,
): void {
  const last = extra === 0 ? text.charCodeAt(to - 1) : extra;
  const bit = filterBit(text.charCodeAt(from), last, to - from + (extra === 0 ? 0 : 1));
  if ((compiled.filter[bit >>> 5]! & (1 << (bit & 31))) === 0) return;
  const index = find(compiled, text, from, to, extra);
  if (index < 0) return;
  const keywords = compiled.keywordsByFirstWord[index]!;
  for (let i = 0; i < keywords.length; i++) {
    const keyword = keywords[i]!;
    if (compiled.seen[keyword.id] === generation) continue;
    if (keyword.words.length > 1 && !followsAt(text, w + 1, count, keyword.words)) continue;
    compiled.seen[keyword.id] = generation;
    compiled.score[keyword.department]!++;
    compiled.first[keyword.department] ??= keyword.written;
  }
}

/** The index of the first word equal to text[from, to) followed by `extra` (a char code, 0 for none), or -1. */
function find(compiled: CompiledAttribution, text: string, from: number, to: number, extra: number): number {
  const { table, firstWords } = compiled;
  const length = to - from + (extra ? 1 : 0);
  for (let slot = hashOf(text, from, to, extra) & (table.length - 1); ; slot = (slot + 1) & (table.length - 1)) {
    const entry = table[slot]!;
    if (entry === 0) return -1;
    const word = firstWords[entry - 1]!;
    if (word.length === length && sameChars(word, text, from, to, extra)) return entry - 1;
  }
}

function sameChars(word: string, text: string, from: number, to: number, extra: number): boolean {
  for (let i = from; i < to; i++) if (word.charCodeAt(i - from) !== text.charCodeAt(i)) return false;
  return extra === 0 || word.charCodeAt(word.length - 1) === extra;
}

const FILTER_BITS = 1 << 16;

// Plain arithmetic rather than Math.imul: under Jest's sandbox Math.imul is a slow call
// (sixty times slower in a loop), and these run for every word of every complaint.
function filterBit(first: number, last: number, length: number): number {
  const mixed = ((first * 33 + last) * 33 + length) | 0;
  return (mixed ^ (mixed >>> 7)) & (FILTER_BITS - 1);
}

/** djb2 (xor variant) over the UTF-16 code units of text[from, to), then `extra` when not 0. */
function hashOf(text: string, from: number, to: number, extra: number): number {
  let hash = 5381;
  for (let i = from; i < to; i++) hash = (hash * 33) ^ text.charCodeAt(i);
  if (extra !== 0) hash = (hash * 33) ^ extra;
  return (hash ^ (hash >>> 15)) >>> 0;
}

/** Whether the keyword's words after the first are the words from `at` on. */
function followsAt(text: string, at: number, count: number, keyword: readonly string[]): boolean {
  if (at + keyword.length - 1 > count) return false;
  for (let k = 1; k < keyword.length; k++) {
    const w = at + k - 1;
    if (!isFormOf(text.slice(bounds[2 * w], bounds[2 * w + 1]), keyword[k]!)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------
// Forms of a word

// ו and, ה the, ב in, ל to, מ from, ש that, כ like; up to three stack ("ושב", "וכשה").
// A table by code rather than a Set: this is asked for every Hebrew word.
const HEBREW_PREFIX_LETTERS = new Uint8Array(0x05eb - 0x05d0);
for (const letter of "והבלמשכ") HEBREW_PREFIX_LETTERS[letter.charCodeAt(0) - 0x05d0] = 1;

function isHebrewPrefix(code: number): boolean {
  return code >= 0x05d0 && code <= 0x05ea && HEBREW_PREFIX_LETTERS[code - 0x05d0] === 1;
}
const MAX_PREFIXES = 3;
// A keyword left after the prefixes has at least two letters: "בית" must not be read as
// ב + "ית", nor "מה" as a bare "ה".
const MIN_STEM = 2;
const LOWER_E = 0x65;
const LOWER_S = 0x73;
const LOWER_Y = 0x79;

/** Whether `word` is `target`, or `target` with Hebrew prefixes or an English plural ending. */
function isFormOf(word: string, target: string): boolean {
  if (word === target) return true;
  const extra = word.length - target.length;
  if (extra <= 0) return false;
  const last = word.charCodeAt(word.length - 1);
  if (last === LOWER_S && isLatinLower(word.charCodeAt(word.length - 2))) {
    if (word === `${target}s` || word === `${target}es`) return true;
    if (target.endsWith("y") && word === `${target.slice(0, -1)}ies`) return true;
  }
  if (extra > MAX_PREFIXES || target.length < MIN_STEM || !word.endsWith(target)) return false;
  for (let k = 0; k < extra; k++) if (!isHebrewPrefix(word.charCodeAt(k))) return false;
  return true;
}

function isLatinLower(code: number): boolean {
  return code >= 0x61 && code <= 0x7a;
}

// ---------------------------------------------------------------------------------------
// Words

/** The normalised words of a text (for keywords, where speed does not matter). */
function wordsOf(text: string): string[] {
  const normalised = normalise(text);
  const count = wordBounds(normalised);
  return Array.from({ length: count }, (_, w) => normalised.slice(bounds[2 * w], bounds[2 * w + 1]));
}

/**
 * Fills `bounds` with the words of a normalised text, exactly as similarity's WORD finds
 * them, and returns how many there are. WORD itself costs several microseconds per
 * complaint (Unicode property classes are slow to scan); Latin letters, digits, spaces
 * and Hebrew letters, nearly every character of a complaint, are decided by their code
 * here, and anything else asks the same Unicode classes WORD uses.
 */
function wordBounds(text: string): number {
  if (bounds.length < text.length + 2) bounds = new Int32Array(2 * text.length + 2);
  let count = 0;
  let start = -1;
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i)!;
    const kind = charKind(code);
    if (start < 0) {
      if (kind === STARTS_WORD) start = i;
    } else if (kind === NOT_IN_WORD) {
      bounds[2 * count] = start;
      bounds[2 * count++ + 1] = i;
      start = -1;
    }
    i += code > 0xffff ? 2 : 1;
  }
  if (start >= 0) {
    bounds[2 * count] = start;
    bounds[2 * count++ + 1] = text.length;
  }
  return count;
}

const NOT_IN_WORD = 0;
const STARTS_WORD = 1; // a letter or digit
const INSIDE_WORD = 2; // a combining mark: continues a word, never starts one
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const MARK = /^\p{M}$/u;

function charKind(code: number): number {
  if (code < 0x80) {
    return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a)
      ? STARTS_WORD
      : NOT_IN_WORD;
  }
  if (code >= 0x05d0 && code <= 0x05ea) return STARTS_WORD;
  const char = String.fromCodePoint(code);
  if (LETTER_OR_DIGIT.test(char)) return STARTS_WORD;
  return MARK.test(char) ? INSIDE_WORD : NOT_IN_WORD;
}

// ---------------------------------------------------------------------------------------
// Odds and ends

/*
 * Each call stamps the keywords it counts with a new generation instead of allocating a
 * set. Calls are synchronous, so two never interleave (the shared scratch, `bounds`
 * included, relies on that too); on wrap-around, after 4 billion calls, the stamps are
 * cleared.
 */
function nextGeneration(compiled: CompiledAttribution): number {
  if (compiled.generation === 0xffffffff) {
    compiled.seen.fill(0);
    compiled.generation = 0;
  }
  return ++compiled.generation;
}

// Niqqud and cantillation, but not the maqaf and other separators in the same block.
const HEBREW_MARKS = /[\u0591-\u05BD\u05BF\u05C1\u05C2\u05C4\u05C5\u05C7]/g;

/** NFKC without niqqud; case is the pattern's "i" flag's business. */
function forPatterns(text: string): string {
  return text.normalize("NFKC").replace(HEBREW_MARKS, "");
}
