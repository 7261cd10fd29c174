/**
 * Customer personal data in free text: e-mail addresses, phone numbers, Israeli ID numbers
 * and payment card numbers.
 *
 * Example complaints are posted in channels that many employees read, so the customer's
 * details are removed first; story authors are warned with the same finder. Missing a
 * detail leaks it, while masking an ordinary number only hides a number, so the checks
 * lean towards finding; but every number kind has a structural check (a check digit, a
 * dialling prefix, a "+"), so amounts, dates and most order numbers are left alone.
 *
 * Pure and deterministic. Digits are ASCII: complaints in Hebrew and English use them.
 */

export type PersonalDataKind = "email" | "phone" | "israeli-id" | "card";

export interface PersonalDataSpan {
  kind: PersonalDataKind;
  /** UTF-16 offsets into the text, end exclusive. */
  start: number;
  end: number;
}

const DEFAULT_MASKS: Record<PersonalDataKind, string> = {
  email: "[email]",
  phone: "[phone]",
  "israeli-id": "[id]",
  card: "[card]",
};

/** The personal data in `text`, in order, never overlapping. */
export function findPersonalData(text: string): PersonalDataSpan[] {
  const found = [...emailsIn(text), ...numbersIn(text)].sort(
    (a, b) => a.start - b.start || b.end - a.end,
  );
  // An address like "dana0521234567@…" also holds a number: the longer, earlier span wins.
  const spans: PersonalDataSpan[] = [];
  for (const span of found) {
    const last = spans[spans.length - 1];
    if (!last || span.start >= last.end) spans.push(span);
  }
  return spans;
}

/** `text` with each piece of personal data replaced by `mask(kind)` ("[phone]" by default). */
export function redactPersonalData(
  text: string,
  mask: (kind: PersonalDataKind) => string = (kind) => DEFAULT_MASKS[kind],
): string {
  let result = "";
  let from = 0;
  for (const span of findPersonalData(text)) {
    result += text.slice(from, span.start) + mask(span.kind);
    from = span.end;
  }
  return result + text.slice(from);
}

// ---------------------------------------------------------------------------------------
// E-mail

// ASCII only on purpose: Hebrew glued to an address ("למייל:dana@…", "בdana@…") must not
// become part of it. Internationalised addresses are too rare in complaints to matter.
const EMAIL = /[A-Za-z0-9][A-Za-z0-9._%+'-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![A-Za-z0-9])/g;

function emailsIn(text: string): PersonalDataSpan[] {
  return [...text.matchAll(EMAIL)].map((m) => ({ kind: "email", start: m.index, end: m.index + m[0].length }));
}

// ---------------------------------------------------------------------------------------
// Numbers
//
// Phone and card numbers are written in groups ("052-123 4567", "4580 1234 5678 9012"),
// and a complaint may put an amount right after one ("…9012 350 ₪"). So the text is cut
// into runs of digits, and from each run every chain of following runs joined by a single
// separator is tried, the longest valid one winning. Trying each length, rather than one
// greedy pattern per kind, is what lets the trailing "350" fall off.

interface DigitRun {
  start: number;
  end: number;
  digits: string;
}

// What may join two groups of one number: a space, a dash (with spaces around it), or the
// parentheses of an area code ("+1 (555) 123-4567", "(052) 1234567").
const SEPARATOR = /^(?:[ \u00A0]|[ \u00A0]?[-\u2010\u2011\u2013][ \u00A0]?|[ \u00A0]?\(|\)[ \u00A0]?|\)[ \u00A0]?-[ \u00A0]?)$/;
// A number glued to a Latin letter or underscore is a code ("ORD0521234567", "A123456782").
// Hebrew letters may touch it: prefixes like "ב" and "ל" glue onto numbers too.
const CODE_CHAR = /[A-Za-z_]/;
const CURRENCY = /[₪$€£]/;
// The most digits worth joining: 19 for a card, and a spoken-out phone is never longer.
const MAX_DIGITS = 19;

function numbersIn(text: string): PersonalDataSpan[] {
  const runs: DigitRun[] = [...text.matchAll(/[0-9]+/g)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    digits: m[0],
  }));
  const spans: PersonalDataSpan[] = [];
  for (let i = 0; i < runs.length; i++) {
    const first = runs[i]!;
    if (!opensNumber(text, first.start)) continue;
    const plus = text[first.start - 1] === "+" || (text[first.start - 1] === "(" && text[first.start - 2] === "+");
    let best: { kind: PersonalDataKind; last: number } | undefined;
    const groups: string[] = [];
    const separators: string[] = [];
    for (let j = i; j < runs.length; j++) {
      const run = runs[j]!;
      if (j > i) {
        const separator = text.slice(runs[j - 1]!.end, run.start);
        if (!SEPARATOR.test(separator)) break;
        separators.push(separator);
      }
      groups.push(run.digits);
      if (groups.join("").length > MAX_DIGITS) break;
      if (!closesNumber(text, run.end)) continue;
      const kind = kindOf(groups, separators, plus);
      if (kind) best = { kind, last: j };
    }
    if (!best) continue;
    const closed = best.last > i && text[first.end] === ")";
    spans.push({ kind: best.kind, start: spanStart(text, first.start, plus, closed), end: runs[best.last]!.end });
    i = best.last;
  }
  return spans;
}

/** Whether a number may begin at `at`: not the middle of a code, an amount or a decimal. */
function opensNumber(text: string, at: number): boolean {
  let before = at;
  // Look past the "+" and "(" that open a phone number.
  if (text[before - 1] === "(") before--;
  if (text[before - 1] === "+") before--;
  if (text[before - 1] === "(") before--;
  const prev = text[before - 1] ?? "";
  const prev2 = text[before - 2] ?? "";
  if (CODE_CHAR.test(prev) || prev === "#" || prev === "№") return false;
  if (CURRENCY.test(prev) || (prev === " " && CURRENCY.test(prev2))) return false;
  // "1,0521234567", "INV-123456782", "12/123456782": the tail of something else
  if (/[.,/\-:]/.test(prev) && /[A-Za-z0-9]/.test(prev2)) return false;
  return true;
}

/** Whether a number may end at `at` (the character after its last digit). */
function closesNumber(text: string, at: number): boolean {
  const next = text[at] ?? "";
  const next2 = text[at + 1] ?? "";
  if (CODE_CHAR.test(next)) return false;
  if (CURRENCY.test(next) || (next === " " && CURRENCY.test(next2))) return false;
  // "…,50" and "….5" are decimals, "-7" or "/2" continue a code or a date
  if (/[.,/\-:]/.test(next) && /[A-Za-z0-9]/.test(next2)) return false;
  return true;
}

/**
 * Where the span starts: with the "+" that belongs to the number, and with an opening "("
 * when the number itself closes it ("(052) 1234567"), so no half of a pair is left behind.
 */
function spanStart(text: string, digitsStart: number, plus: boolean, closed: boolean): number {
  let start = digitsStart;
  if (closed && text[start - 1] === "(") start--;
  if (plus && text[start - 1] === "+") start--;
  return start;
}

/** What the joined groups are, if anything. The same digits may pass two checks; see below. */
function kindOf(groups: readonly string[], separators: readonly string[], plus: boolean): PersonalDataKind | undefined {
  const digits = groups.join("");
  if (/^(\d)\1*$/.test(digits)) return undefined; // 000000000, 4444…: placeholders
  if (plus) return isInternationalPhone(digits) ? "phone" : undefined;
  // A 9-digit number with a valid check digit is an ID even when it could be a landline
  // (031234567): both are masked, and IDs are more often written without separators.
  if (isIsraeliIdWritten(groups, separators)) return "israeli-id";
  if (isIsraeliPhone(groups, digits)) return "phone";
  if (isCardWritten(groups, separators) && luhn(digits)) return "card";
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Phones

/** After "+": a country code and number, 8 to 15 digits (E.164); +972 must be Israeli. */
function isInternationalPhone(digits: string): boolean {
  if (digits.startsWith("972")) return isIsraeliNational(digits.slice(3).replace(/^0/, ""));
  return digits.length >= 8 && digits.length <= 15 && !digits.startsWith("0");
}

/**
 * Local form (05X-XXXXXXX, 07X-…, 0X-XXXXXXX) or international without the "+"
 * (972-52-…, 00972-3-…). The first group has at least two digits and at most one group
 * has a single digit (the area code in "972-3-…"), so digits spelled out one by one
 * ("0 5 2 …") or a stray "0" before another number are not joined into a phone.
 */
function isIsraeliPhone(groups: readonly string[], digits: string): boolean {
  if ((groups[0]?.length ?? 0) < 2 || groups.filter((g) => g.length < 2).length > 1) return false;
  if (digits.startsWith("00972")) return isIsraeliNational(digits.slice(5).replace(/^0/, ""));
  if (digits.startsWith("972")) return isIsraeliNational(digits.slice(3).replace(/^0/, ""));
  return digits.startsWith("0") && isIsraeliNational(digits.slice(1));
}

/** The number after the trunk 0: mobile and VoIP 5X/7X + 7 digits, landlines 2/3/4/8/9 + 7. */
function isIsraeliNational(national: string): boolean {
  return /^[57][0-9]{8}$/.test(national) || /^[23489][0-9]{7}$/.test(national);
}

// ---------------------------------------------------------------------------------------
// Israeli ID numbers

/** Written whole (123456782), or with the check digit set apart (12345678-2). */
function isIsraeliIdWritten(groups: readonly string[], separators: readonly string[]): boolean {
  const [first, second] = groups;
  if (first === undefined) return false;
  if (groups.length === 1) return (first.length === 9 || first.length === 8) && isValidIsraeliId(first);
  return (
    groups.length === 2 &&
    second?.length === 1 &&
    (first.length === 8 || first.length === 7) &&
    (separators[0] ?? "").trim() === "-" &&
    isValidIsraeliId(first + second)
  );
}

/**
 * The Israeli ID check: digits weighted 1, 2, 1, 2, … from the left (after padding to nine
 * digits with leading zeros, as IDs under 100,000,000 are printed), a two-digit product
 * counted as the sum of its digits, the total a multiple of 10.
 */
export function isValidIsraeliId(id: string): boolean {
  if (!/^[0-9]{5,9}$/.test(id)) return false;
  const padded = id.padStart(9, "0");
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const product = Number(padded[i]) * ((i % 2) + 1);
    sum += product > 9 ? product - 9 : product;
  }
  return sum % 10 === 0;
}

// ---------------------------------------------------------------------------------------
// Payment cards

/**
 * 13–19 digits, not starting with 0 (no card network does), written whole or in the
 * groups cards are printed in: fours with a shorter last group (4-4-4-4, 4-4-4-4-3), or
 * 4-6-5 / 4-6-4 (American Express, Diners), with one kind of separator throughout.
 */
function isCardWritten(groups: readonly string[], separators: readonly string[]): boolean {
  const lengths = groups.map((g) => g.length);
  const total = lengths.reduce((a, b) => a + b, 0);
  if (total < 13 || total > 19 || groups[0]?.startsWith("0")) return false;
  if (groups.length === 1) return true;
  if (new Set(separators.map((s) => s.trim() || " ")).size !== 1 || separators.some((s) => /[()]/.test(s))) return false;
  const fours = lengths.slice(0, -1).every((n) => n === 4) && (lengths[lengths.length - 1] ?? 0) <= 4;
  const amex = lengths.length === 3 && lengths[0] === 4 && lengths[1] === 6 && (lengths[2] === 5 || lengths[2] === 4);
  return fours || amex;
}

/** The Luhn check digit, which every payment card number carries. */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
