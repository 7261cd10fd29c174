/**
 * When a shift's reminders are due: pure date arithmetic, no I/O. Two reminders per shift:
 * "ahead" (24 hours before, or the evening before for people who chose that) and "soon"
 * (15 minutes before).
 */
import { DateTime, IANAZone } from "luxon";

export type ReminderKind = "ahead" | "soon";
export type ReminderStyle = "STANDARD" | "EVENING";

export const SOON_BEFORE_MS = 15 * 60_000;
export const AHEAD_BEFORE_MS = 24 * 60 * 60_000;
/**
 * The earliest any reminder comes before its shift: the evening before (hour >= 12) of a
 * shift late at night is at most ~36 hours ahead, 37 on a DST night. Queries look this far
 * past their window for shifts whose reminders fall inside it.
 */
export const MAX_REMINDER_LEAD_MS = 48 * 60 * 60_000;

export interface ReminderMoment {
  kind: ReminderKind;
  at: Date;
}

/** The zone a person's reminders are computed in: theirs when valid, else the company's. */
export function zoneOf(personZone: string | null | undefined, companyZone: string): string {
  return personZone && IANAZone.isValidZone(personZone) ? personZone : companyZone;
}

/**
 * Both reminders of a shift for one person. STANDARD's "24 hours" is elapsed time, so a DST
 * night in between does not make it 23 or 25. EVENING is the wall-clock hour in the
 * person's zone on the day before the shift's local date, whatever the UTC offset then.
 */
export function reminderMoments(startsAt: Date, style: ReminderStyle, zone: string, eveningHour: number): ReminderMoment[] {
  const ahead =
    style === "EVENING"
      ? DateTime.fromJSDate(startsAt, { zone }).startOf("day").minus({ days: 1 }).set({ hour: eveningHour }).toJSDate()
      : new Date(startsAt.getTime() - AHEAD_BEFORE_MS);
  return [
    { kind: "ahead", at: ahead },
    { kind: "soon", at: new Date(startsAt.getTime() - SOON_BEFORE_MS) },
  ];
}

/**
 * Names one reminder in job_runs (and the outbox). Who and when are part of it, so a shift
 * handed to someone else, or moved, is a new reminder; the same shift re-read is not.
 */
export function reminderRunKey(shiftId: number, kind: ReminderKind, employeeId: number, startsAt: Date): string {
  return `shift-${shiftId}:${kind}:employee-${employeeId}:${startsAt.toISOString()}`;
}
