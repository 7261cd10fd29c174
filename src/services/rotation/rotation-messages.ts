/** What the rotation posts, described once for every platform. */
import type { Block, Button, Inline, Message, Text } from "../../chat/message";
import { translator, type Locale, textDirection } from "../../i18n";
import type { UnfilledReason } from "../../domain/rotation/types";
import type { ShiftPerson, ShiftView } from "./shift-views";

/** Button actions of the rotation; platform listeners register these names. */
export const ROTATION_ACTIONS = {
  offer: "rotation.offer",
  accept: "rotation.accept",
  decline: "rotation.decline",
  approve: "rotation.approve",
  reject: "rotation.reject",
} as const;

export const ROTATION_FORMS = { swap: "rotation.swap" } as const;

/** Shift lists are cut here: well inside every platform's block limit. */
export const MAX_LISTED_SHIFTS = 20;
/** Sections of shifts in one channel post, leaving room for its header and a count of the rest. */
const MAX_POST_SECTIONS = 40;


export function personText(person: Pick<ShiftPerson, "name" | "slackUserId">): Inline {
  return { mention: { slack: person.slackUserId ?? undefined, name: person.name } };
}

/**
 * Formatters by language and zone. Creating one costs far more than formatting with it, and
 * publishing a large rotation formats tens of thousands of shifts in a few zones.
 */
const shiftFormats = new Map<string, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

function shiftFormatsOf(tag: string, zone: string): { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat } {
  const key = `${tag}|${zone}`;
  let formats = shiftFormats.get(key);
  if (!formats) {
    formats = {
      day: new Intl.DateTimeFormat(tag, { weekday: "short", day: "numeric", month: "short", timeZone: zone }),
      time: new Intl.DateTimeFormat(tag, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone }),
    };
    shiftFormats.set(key, formats);
  }
  return formats;
}

/** "Sun 29 Nov, 09:00–13:00" in the reader's zone and language. */
export function shiftWhen(shift: Pick<ShiftView, "startsAt" | "endsAt">, locale: Locale, zone: string): string {
  const { day, time } = shiftFormatsOf(locale === "he" ? "he-IL" : "en-GB", zone);
  return `${day.format(shift.startsAt)}, ${time.format(shift.startsAt)}–${time.format(shift.endsAt)}`;
}

/*
 * A shift without a name in the organisation file is named by its key, and the keys people
 * write (and the defaults) are English words: shown in a Hebrew message they stayed English.
 */
const TRANSLATED_SHIFT_KEYS: ReadonlySet<string> = new Set(["morning", "afternoon", "evening", "night"]);

/** A shift template's name in `locale`: a name given in the file as written, a known key's default translated. */
export function shiftName(template: { key: string; name: string }, locale: Locale): string {
  const unnamed = template.name === template.key && TRANSLATED_SHIFT_KEYS.has(template.key);
  return unnamed ? translator(locale)(`rotation.shiftNames.${template.key}`) : template.name;
}

export function shiftLabel(shift: Pick<ShiftView, "id" | "templateKey" | "templateName" | "startsAt" | "endsAt">, locale: Locale, zone: string): string {
  const name = shiftName({ key: shift.templateKey, name: shift.templateName }, locale);
  return translator(locale)("rotation.shift", { when: shiftWhen(shift, locale, zone), name, id: shift.id });
}

/** One line: when, which shift, and (when asked) who, with onboarding pairs and drafts marked. */
function shiftLine(shift: ShiftView, locale: Locale, zone: string, withPerson: boolean): Inline[] {
  const tr = translator(locale);
  const line: Inline[] = [shiftLabel(shift, locale, zone)];
  if (withPerson && shift.person) line.push(" · ", personText(shift.person));
  if (shift.isOnboarding && shift.buddy) line.push(" · ", tr("rotation.onboarding", { buddy: shift.buddy.name }));
  if (shift.status === "PLANNED") line.push(" ", { italic: tr("rotation.draft") });
  return line;
}

function listBlocks(shifts: ShiftView[], locale: Locale, zone: string, withPerson: boolean): Block[] {
  if (shifts.length === 0) return [];
  const lines = shifts.slice(0, MAX_LISTED_SHIFTS).flatMap((s, i) => [...(i > 0 ? ["\n"] : []), "• ", ...shiftLine(s, locale, zone, withPerson)]);
  return [{ type: "section", text: lines }];
}

function simple(locale: Locale, summary: Text, blocks: Block[]): Message {
  return { summary, blocks, direction: textDirection(locale) };
}

export function notice(locale: Locale, text: Text): Message {
  return simple(locale, text, [{ type: "section", text }]);
}

export function myShiftsMessage(shifts: ShiftView[], locale: Locale, zone: string, calendarUrl: string | undefined): Message {
  const tr = translator(locale);
  if (shifts.length === 0) return notice(locale, tr("rotation.mine.none"));
  const offers: Button[] = shifts
    .filter((s) => s.status === "PUBLISHED")
    .slice(0, 5)
    .map((s) => ({ action: ROTATION_ACTIONS.offer, label: tr("rotation.mine.offer", { id: s.id }), value: String(s.id) }));
  const footer: Inline[] = [tr("rotation.mine.swapHint")];
  if (calendarUrl) footer.push(" · ", { link: calendarUrl, label: tr("rotation.mine.calendar") });
  return simple(locale, tr("rotation.mine.header"), [
    { type: "header", text: tr("rotation.mine.header") },
    ...listBlocks(shifts, locale, zone, false),
    ...(offers.length ? [{ type: "actions" as const, buttons: offers }] : []),
    { type: "context", text: footer },
  ]);
}

export function nowMessage(current: ShiftView[], next: ShiftView[], locale: Locale, zone: string): Message {
  const tr = translator(locale);
  const blocks: Block[] = [{ type: "header", text: tr("rotation.now.header") }];
  if (current.length === 0) blocks.push({ type: "section", text: tr("rotation.now.nobody") });
  else {
    const until = shiftWhen(current[0]!, locale, zone).split(", ").pop() ?? "";
    blocks.push({ type: "section", text: [{ bold: tr("rotation.now.current", { until }) }] }, ...listBlocks(current, locale, zone, true));
  }
  if (next.length === 0) blocks.push({ type: "context", text: tr("rotation.now.noneNext") });
  else blocks.push({ type: "section", text: [{ bold: tr("rotation.now.next", { when: shiftWhen(next[0]!, locale, zone) }) }] }, ...listBlocks(next, locale, zone, true));
  return simple(locale, tr("rotation.now.header"), blocks);
}

export function publishedDm(shifts: ShiftView[], locale: Locale, zone: string): Message {
  const tr = translator(locale);
  return simple(locale, tr("rotation.published.dmSummary"), [
    { type: "section", text: tr("rotation.published.dmHeader") },
    ...listBlocks(shifts, locale, zone, false),
    { type: "context", text: tr("rotation.mine.swapHint") },
  ]);
}

export function departmentPost(department: string, shifts: ShiftView[], locale: Locale, zone: string): Message {
  const tr = translator(locale);
  const blocks: Block[] = [{ type: "section", text: [{ bold: tr("rotation.published.channelHeader", { department }) }] }];
  // A department's week can hold more shifts than one section shows: one section per chunk,
  // within Slack's 50 blocks; what does not fit is counted, and each person has it by message.
  const shown = shifts.slice(0, MAX_POST_SECTIONS * MAX_LISTED_SHIFTS);
  for (let i = 0; i < shown.length; i += MAX_LISTED_SHIFTS) {
    blocks.push(...listBlocks(shown.slice(i, i + MAX_LISTED_SHIFTS), locale, zone, true));
  }
  if (shifts.length > shown.length) blocks.push({ type: "context", text: tr("rotation.published.more", { count: shifts.length - shown.length }) });
  return simple(locale, tr("rotation.published.channelSummary", { department }), blocks);
}

export interface UnfilledView {
  startsAt: Date;
  endsAt: Date;
  templateKey: string;
  templateName: string;
  reason: UnfilledReason;
}

export function unfilledPost(seats: UnfilledView[], locale: Locale, zone: string): Message {
  const tr = translator(locale);
  const shown = seats.slice(0, MAX_LISTED_SHIFTS);
  const lines = shown.map((seat) =>
    tr("rotation.published.unfilledLine", { when: shiftWhen(seat, locale, zone), name: shiftName({ key: seat.templateKey, name: seat.templateName }, locale), reason: tr(`rotation.reason.${seat.reason}`) }),
  );
  return simple(locale, tr("rotation.published.unfilledSummary"), [
    { type: "section", text: [{ bold: tr("rotation.published.unfilledHeader") }] },
    { type: "section", text: lines.map((l) => `• ${l}`).join("\n") },
    ...(seats.length > shown.length ? [{ type: "context" as const, text: tr("rotation.published.moreSeats", { count: seats.length - shown.length }) }] : []),
  ]);
}

export function removedNotice(shift: ShiftView, taker: ShiftPerson | null, cancelled: boolean, locale: Locale, zone: string): Message {
  const tr = translator(locale);
  const label = shiftLabel(shift, locale, zone);
  const text: Inline[] = [cancelled ? tr("rotation.changed.cancelled", { shift: label }) : tr("rotation.changed.removed", { shift: label }), " "];
  if (!cancelled) text.push(taker ? tr("rotation.changed.taken", { name: taker.name }) : tr("rotation.changed.unfilled"));
  return simple(locale, tr("rotation.changed.removedSummary"), [{ type: "section", text }]);
}

export function addedNotice(shift: ShiftView, locale: Locale, zone: string): Message {
  const tr = translator(locale);
  return notice(locale, tr("rotation.changed.added", { shift: shiftLabel(shift, locale, zone) }));
}

export function swapOfferMessage(swapId: number, shift: ShiftView, from: ShiftPerson, open: boolean, locale: Locale, zone: string): Message {
  const tr = translator(locale);
  const key = open ? "open" : "offer";
  const value = String(swapId);
  return simple(locale, tr(`rotation.swap.${key}Summary`, { name: from.name }), [
    { type: "section", text: tr(`rotation.swap.${key}Text`, { name: from.name, shift: shiftLabel(shift, locale, zone) }) },
    {
      type: "actions",
      buttons: [
        { action: ROTATION_ACTIONS.accept, label: tr("rotation.swap.accept"), value, style: "primary" },
        ...(open ? [] : [{ action: ROTATION_ACTIONS.decline, label: tr("rotation.swap.decline"), value }]),
      ],
    },
  ]);
}

export function swapApprovalMessage(swapId: number, shift: ShiftView, from: ShiftPerson, to: ShiftPerson, locale: Locale, zone: string): Message {
  const tr = translator(locale);
  const value = String(swapId);
  return simple(locale, tr("rotation.swap.approvalSummary"), [
    { type: "section", text: tr("rotation.swap.approvalText", { from: from.name, to: to.name, shift: shiftLabel(shift, locale, zone) }) },
    {
      type: "actions",
      buttons: [
        { action: ROTATION_ACTIONS.approve, label: tr("rotation.swap.approve"), value, style: "primary" },
        { action: ROTATION_ACTIONS.reject, label: tr("rotation.swap.reject"), value, style: "danger" },
      ],
    },
  ]);
}
