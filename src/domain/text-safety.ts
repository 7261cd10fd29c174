/**
 * Making text that people typed safe to show, and short enough to post.
 *
 * Everything here is pure. The chat renderers escape every plain string with these
 * functions, so a user who types `<!channel>`, `<at>Dana</at>` or `[bank](https://evil)`
 * sees exactly those characters and nobody is notified or misled.
 */

export const ELLIPSIS = "…";

/*
 * Characters that show nothing yet change what is shown: bidirectional embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069) can make "exe.txt" read "txt.exe"
 * or turn a sentence around; zero-width spaces, word joiners and the byte-order mark hide
 * inside words so that a title of spaces looks empty yet is not, or two identical-looking
 * words differ; the invisible operators, deprecated format controls and interlinear
 * annotation marks have no use in a message. Kept: the joiners U+200C and U+200D (emoji
 * sequences, Persian), the directional marks U+200E, U+200F and U+061C, which Hebrew and
 * Arabic writers type to place punctuation and cannot reorder letters, and soft hyphens.
 * The renderers add their own isolates afterwards, around what they place in a sentence.
 */
const INVISIBLE_FORMATTING = /[\u180E\u200B\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]/g;

/** Text as typed, without the invisible characters that could make it deceive. */
export function withoutInvisibleFormatting(s: string): string {
  return s.replace(INVISIBLE_FORMATTING, "");
}

const FIRST_STRONG_ISOLATE = "\u2068";
const POP_DIRECTIONAL_ISOLATE = "\u2069";

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

// ---------------------------------------------------------------------------------------
// Slack

const SLACK_CONTROL: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/*
 * Slack's mrkdwn has no escape character for its formatting marks (a backslash stays
 * visible and changes nothing), so a mark that could act as a delimiter is swapped for a
 * look-alike that Slack cannot parse. Slack only treats `*`, `_` and `~` as delimiters at
 * a word boundary, so one between two letters or digits (`snake_case`, `2*3`, an e-mail
 * address) is left alone and stays copyable. Backticks open code spans anywhere, so
 * they are always swapped.
 *
 * Not done: a `>` at the start of a line still renders as a block quote. The quote is
 * cosmetic, it cannot link or notify, and a look-alike would garble quoted e-mail text.
 * `:emoji:` codes still render: harmless, and people expect them.
 */
const SLACK_LOOKALIKES: Record<string, string> = {
  "*": "\u2217", // ASTERISK OPERATOR
  _: "\uFF3F", // FULLWIDTH LOW LINE
  "~": "\u223C", // TILDE OPERATOR
  "`": "\u02CB", // MODIFIER LETTER GRAVE ACCENT
};
const WORD_CHAR_BEFORE = /[\p{L}\p{N}\p{M}]$/u;
const WORD_CHAR_AFTER = /^[\p{L}\p{N}\p{M}]/u;

/**
 * Escapes a plain string for a Slack `mrkdwn` text object or the top-level message text:
 * `&`, `<` and `>` become entities (the characters Slack parses for mentions, links and
 * `<!channel>`), and formatting marks that could pair up become look-alikes.
 */
export function escapeSlackText(s: string): string {
  return s.replace(/[&<>*_~`]/g, (ch, offset: number, whole: string) => {
    const control = SLACK_CONTROL[ch];
    if (control) return control;
    const inWord =
      ch !== "`" &&
      WORD_CHAR_BEFORE.test(whole.slice(Math.max(0, offset - 2), offset)) &&
      WORD_CHAR_AFTER.test(whole.slice(offset + 1, offset + 3));
    return inWord ? ch : (SLACK_LOOKALIKES[ch] ?? ch);
  });
}

/**
 * Escapes a plain string for a Slack `plain_text` object (headers, button labels, alt
 * text). Slack decodes its three control entities there too, but applies no formatting,
 * so formatting marks stay as typed.
 */
export function escapeSlackPlainText(s: string): string {
  return s.replace(/[&<>]/g, (ch) => SLACK_CONTROL[ch] ?? ch);
}

// ---------------------------------------------------------------------------------------
// Teams

/**
 * Escapes a plain string for an Adaptive Card TextBlock (and FactSet) in Teams, whose
 * markdown subset has bold/italic (`*`, `_`), strikethrough (`~`), links (`[label](url)`),
 * headings (`#`), lists and quotes. CommonMark backslash escapes are used: Teams desktop,
 * web and (since late 2023) mobile honour them.
 *
 * `<` is always escaped, so `<at>Name</at>` typed by a user never matches a mention entity
 * and is never treated as a tag or an autolink; `&` is escaped only where it would start
 * an entity such as `&lt;`, so "R&D" stays clean. Block markers are escaped only at the
 * start of a line, where they have meaning.
 */
export function escapeTeamsText(s: string): string {
  return s
    .replace(/[\\*_~`[\]<]/g, "\\$&")
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, "\\&")
    .replace(/^([ \t]*)([#>+\-=])/gm, "$1\\$2")
    .replace(/^([ \t]*\d{1,9})([.)])/gm, "$1\\$2");
}

// ---------------------------------------------------------------------------------------
// Direction

const RTL_SCRIPTS = [
  ...["Hebrew", "Arabic", "Syriac", "Thaana", "Nko"],
  ...["Samaritan", "Mandaic", "Adlam", "Hanifi_Rohingya"],
];
const RTL_LETTER = new RegExp(`[${RTL_SCRIPTS.map((script) => `\\p{Script=${script}}`).join("")}]`, "u");

/** True when the string contains a letter from a right-to-left script. */
export function containsRtl(s: string): boolean {
  return RTL_LETTER.test(s);
}

/**
 * Wraps a fragment in FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE, so that an English
 * name or a number inside a Hebrew sentence (or the reverse) keeps its own direction and
 * does not drag the surrounding punctuation along with it.
 */
export function isolateBidi(s: string): string {
  return s === "" ? s : `${FIRST_STRONG_ISOLATE}${s}${POP_DIRECTIONAL_ISOLATE}`;
}

// ---------------------------------------------------------------------------------------
// Length

/**
 * Shortens `s` to at most `max` UTF-16 code units (the unit platform limits are counted
 * in, or stricter), ending with "…" when cut. Cuts only between grapheme clusters, so a
 * surrogate pair, an emoji sequence or a letter with its Hebrew vowel points stays whole.
 */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max < ELLIPSIS.length) return "";
  return graphemePrefix(s, max - ELLIPSIS.length, (p) => p).trimEnd() + ELLIPSIS;
}

/**
 * The longest prefix of `raw`, cut between grapheme clusters, whose rendering by
 * `render` fits in `budget` code units. `render` must not get shorter when given more
 * text (escaping only lengthens), which makes a binary search valid.
 */
function graphemePrefix(raw: string, budget: number, render: (s: string) => string): string {
  let lo = 0;
  let hi = Math.min(raw.length, budget);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (render(raw.slice(0, mid)).length <= budget) lo = mid;
    else hi = mid - 1;
  }
  // Back to the start of the cluster the cut falls in. `containing` looks only near the
  // index, where segmenting a whole long text would be slow.
  const cluster = graphemes.segment(raw).containing(lo);
  return raw.slice(0, cluster ? cluster.index : lo);
}

/**
 * Text about to be rendered as markup, in pieces, so that it can be shortened without
 * cutting an entity, a mention or a link in half, and without leaving a bold or italic
 * delimiter unclosed.
 */
export type MarkupToken =
  /** Literal text: escaped on output, and may be cut. */
  | { text: string }
  /** Finished markup (a mention, a link): kept whole or left out. */
  | { atom: string }
  /** An opening delimiter and the closing one it needs; closed by the next `{ end: true }`. */
  | { open: string; close: string }
  | { end: true };

/**
 * Renders tokens, escaping literal text with `escape`, in at most `max` code units. When
 * everything does not fit, the output stops at the last piece that does, ends with "…"
 * and closes the delimiters still open.
 */
export function renderMarkup(
  tokens: readonly MarkupToken[],
  escape: (s: string) => string,
  max = Number.POSITIVE_INFINITY,
): string {
  const full = renderAll(tokens, escape);
  if (full.length <= max) return full;
  if (max < ELLIPSIS.length) return "";

  let out = "";
  const closers: string[] = [];
  const reserved = () => closers.join("").length + ELLIPSIS.length;
  for (const token of tokens) {
    const room = max - out.length - reserved();
    if ("end" in token) {
      out += closers.pop() ?? "";
    } else if ("open" in token) {
      if (token.open.length + token.close.length > room) break;
      out += token.open;
      closers.push(token.close);
    } else if ("atom" in token) {
      if (token.atom.length > room) break;
      out += token.atom;
    } else {
      const escaped = escape(token.text);
      if (escaped.length <= room) {
        out += escaped;
        continue;
      }
      out += escape(graphemePrefix(token.text, room, escape));
      break;
    }
  }
  return out.trimEnd() + ELLIPSIS + closers.reverse().join("");
}

/** Tokens between a pair of delimiters, e.g. `*` ... `*` for bold. */
export function delimited(open: string, close: string, tokens: readonly MarkupToken[]): MarkupToken[] {
  return [{ open, close }, ...tokens, { end: true }];
}

/** Tokens isolated as with `isolateBidi`; the isolate is closed even when cut short. */
export function isolatedTokens(tokens: readonly MarkupToken[]): MarkupToken[] {
  return delimited(FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE, tokens);
}

/** Percent-encodes the characters of a URL that would end its markup early. */
export function encodeUrlChars(url: string, chars: RegExp): string {
  return url.replace(chars, (ch) => "%" + ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0"));
}

function renderAll(tokens: readonly MarkupToken[], escape: (s: string) => string): string {
  let out = "";
  const closers: string[] = [];
  for (const token of tokens) {
    if ("end" in token) out += closers.pop() ?? "";
    else if ("open" in token) {
      out += token.open;
      closers.push(token.close);
    } else if ("atom" in token) out += token.atom;
    else out += escape(token.text);
  }
  return out + closers.reverse().join("");
}

/** Isolates a name or link label that may run in the other direction than the sentence around it. */
export function isolatedIf(needed: boolean, tokens: MarkupToken[]): MarkupToken[] {
  return needed ? isolatedTokens(tokens) : tokens;
}
