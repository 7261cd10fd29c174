/** Reads `/rotation …` text: English words, and the Hebrew ones people type. */
import { addDays } from "./rotation-calendar";

export type RotationCommand =
  | { kind: "mine" }
  | { kind: "now" }
  | { kind: "away"; from?: string; to?: string; problem?: "badDates" }
  | { kind: "swap"; shiftId?: number; user?: string }
  | { kind: "assign"; shiftId?: number; user?: string }
  | { kind: "fairness" }
  | { kind: "publish" }
  | { kind: "remind"; style?: "STANDARD" | "EVENING" }
  | { kind: "calendar"; reset: boolean }
  | { kind: "help" };

const WORDS: Record<string, RotationCommand["kind"]> = {
  mine: "mine",
  "שלי": "mine",
  now: "now",
  "עכשיו": "now",
  away: "away",
  "היעדרות": "away",
  swap: "swap",
  "החלפה": "swap",
  assign: "assign",
  fairness: "fairness",
  "הוגנות": "fairness",
  publish: "publish",
  "פרסום": "publish",
  remind: "remind",
  "תזכורת": "remind",
  calendar: "calendar",
  "יומן": "calendar",
  help: "help",
  "עזרה": "help",
};

/** `#12` or `12`. */
function shiftNumber(word: string | undefined): number | undefined {
  const m = word ? /^#?(\d{1,9})$/.exec(word) : null;
  return m ? Number(m[1]) : undefined;
}

/** A Slack mention `<@U123|name>` or `<@U123>`: the user id. */
function mentionedUser(word: string | undefined): string | undefined {
  return word ? /^<@([A-Z0-9]+)(?:\|[^>]*)?>$/.exec(word)?.[1] : undefined;
}

function validDate(y: number, m: number, d: number): string | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

/**
 * A day as people write it: 2026-12-01, 1.12, 1/12/2026, 1.12.26, today, tomorrow (and in
 * Hebrew). A day and month without a year means the next such day from today.
 */
export function parseDay(word: string, today: string): string | undefined {
  const lower = word.toLowerCase();
  if (lower === "today" || lower === "היום") return today;
  if (lower === "tomorrow" || lower === "מחר") return addDays(today, 1);
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(word);
  if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[./](\d{1,2})(?:[./](\d{2}|\d{4}))?$/.exec(word);
  if (!m) return undefined;
  const [day, month] = [Number(m[1]), Number(m[2])];
  if (m[3]) return validDate(m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]), month, day);
  const year = Number(today.slice(0, 4));
  const thisYear = validDate(year, month, day);
  return thisYear && thisYear >= today ? thisYear : validDate(year + 1, month, day);
}

export function parseRotationCommand(text: string, today: string): RotationCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const kind = words.length === 0 ? "mine" : WORDS[words[0]!.toLowerCase()];
  const args = words.slice(1);
  switch (kind) {
    case undefined:
      return { kind: "help" };
    case "away": {
      const from = args[0] === undefined ? undefined : parseDay(args[0], today);
      const to = args[1] === undefined ? from : parseDay(args[1], today);
      return from && to ? { kind, from, to } : { kind, problem: "badDates" };
    }
    case "swap":
    case "assign":
      // A mention's label may hold spaces (`<@U123|Dana Levi>`): read it from the rest of the text.
      return { kind, shiftId: shiftNumber(args[0]), user: mentionedUser(args.slice(1).join(" ")) };
    case "remind": {
      const style = args[0]?.toLowerCase();
      return { kind, style: style === "evening" || style === "ערב" ? "EVENING" : style === "standard" || style === "רגיל" ? "STANDARD" : undefined };
    }
    case "calendar":
      return { kind, reset: args[0]?.toLowerCase() === "reset" };
    default:
      return { kind } as RotationCommand;
  }
}
