/**
 * Direct messages before each published shift: "ahead" (24 hours before, or the evening
 * before) and "soon" (15 minutes before). Each reminder is claimed in job_runs and enqueued
 * in the same transaction, so it is sent once however many replicas wake for it; one whose
 * moment passed while the bot was down is sent late if the shift has not started yet.
 */
import { DateTime } from "luxon";
import type { Message } from "../../chat/message";
import { translator, type Locale, textDirection } from "../../i18n";
import { claimRun, finishRun, LATE_AFTER_MS, recordSkipped } from "../scheduler";
import { companyTimezone, type ServiceDeps } from "../deps";
import { notifyPerson } from "../notify";
import { MAX_REMINDER_LEAD_MS, reminderMoments, reminderRunKey, SOON_BEFORE_MS, zoneOf, type ReminderKind } from "./reminder-moments";
import type { TimedTask } from "../timers";

export const REMINDER_JOB = "shift-reminder";
/** Reminders of shifts that started up to this long ago are still recorded SKIPPED (visible). */
const STALE_LOOKBACK_MS = 7 * 24 * 60 * 60_000;

type ReminderDeps = Pick<ServiceDeps, "prisma" | "logger" | "organisation" | "platforms" | "outboxKick">;

interface DueReminder {
  kind: ReminderKind;
  at: Date;
  runKey: string;
  shift: ShiftWithPerson;
}

type ShiftWithPerson = Awaited<ReturnType<typeof publishedShifts>>[number];

function publishedShifts(deps: ReminderDeps, startsAfter: Date, startsUntil: Date) {
  return deps.prisma.shift.findMany({
    where: { status: "PUBLISHED", employeeId: { not: null }, employee: { active: true }, startsAt: { gt: startsAfter, lte: startsUntil } },
    include: { employee: true },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
  });
}

export class ShiftReminders implements TimedTask {
  readonly name = "shift reminders";

  constructor(
    private readonly deps: ReminderDeps,
    /** Written to job_runs.claimed_by. */
    private readonly instanceId: string,
  ) {}

  async instantsBetween(from: Date, to: Date): Promise<Date[]> {
    const shifts = await publishedShifts(this.deps, from, new Date(to.getTime() + MAX_REMINDER_LEAD_MS));
    return this.remindersOf(shifts)
      .map((r) => r.at)
      .filter((at) => at > from && at <= to);
  }

  /** Sends every reminder due at `now` that no replica has handled; the occasion does not matter. */
  async runDue(now: Date): Promise<void> {
    const shifts = await publishedShifts(this.deps, new Date(now.getTime() - STALE_LOOKBACK_MS), new Date(now.getTime() + MAX_REMINDER_LEAD_MS));
    const due = this.remindersOf(shifts).filter((r) => r.at <= now);
    if (due.length === 0) return;
    // Most due reminders were handled at an earlier wake: one query instead of a claim each.
    const handled = await this.deps.prisma.jobRun.findMany({
      where: { job: REMINDER_JOB, runKey: { in: due.map((r) => r.runKey) } },
      select: { runKey: true },
    });
    const done = new Set(handled.map((h) => h.runKey));
    let sent = 0;
    const failures: unknown[] = [];
    for (const reminder of due.filter((r) => !done.has(r.runKey))) {
      try {
        if (await this.handle(reminder, now)) sent++;
      } catch (error) {
        failures.push(error);
        this.deps.logger.error({ err: error, runKey: reminder.runKey }, "Shift reminder: could not be sent");
      }
    }
    if (sent > 0) this.deps.outboxKick();
    if (failures.length > 0) throw new Error(`${failures.length} shift reminder(s) failed`);
  }

  /** True when this replica enqueued the message. */
  private async handle(reminder: DueReminder, now: Date): Promise<boolean> {
    const { shift, runKey, at, kind } = reminder;
    const instanceId = this.instanceId;
    const skip = skipReason(reminder, now);
    if (skip) {
      if (await recordSkipped(this.deps.prisma, REMINDER_JOB, runKey, at, instanceId)) {
        this.deps.logger.info({ runKey, reason: skip }, `Shift reminder: recorded SKIPPED (${skip})`);
      }
      return false;
    }
    const late = now.getTime() - at.getTime() > LATE_AFTER_MS;
    return this.deps.prisma.$transaction(async (tx) => {
      // The insert blocks on a concurrent replica's uncommitted claim of the same key and
      // then finds it taken: exactly one transaction gets to enqueue the message.
      if (!(await claimRun(tx, REMINDER_JOB, runKey, at, instanceId, late))) return false;
      const person = shift.employee!;
      const zone = zoneOf(person.timezone, companyTimezone(this.deps));
      await notifyPerson(tx, this.deps, person, `${REMINDER_JOB}:${runKey}`, (locale) =>
        reminderMessage(locale, { kind, startsAt: shift.startsAt, endsAt: shift.endsAt, zone, now }),
      );
      await finishRun(tx, REMINDER_JOB, runKey, { status: "DONE" });
      if (late) this.deps.logger.info({ runKey }, "Shift reminder: sent late (caught up)");
      return true;
    });
  }

  private remindersOf(shifts: ShiftWithPerson[]): DueReminder[] {
    const companyZone = companyTimezone(this.deps);
    const eveningHour = this.deps.organisation()?.supportLine.eveningReminderHour ?? 18;
    return shifts.flatMap((shift) => {
      const person = shift.employee!;
      const zone = zoneOf(person.timezone, companyZone);
      return reminderMoments(shift.startsAt, person.reminderStyle, zone, eveningHour).map(({ kind, at }) => ({
        kind,
        at,
        runKey: reminderRunKey(shift.id, kind, person.id, shift.startsAt),
        shift,
      }));
    });
  }
}

/** Why a due reminder is not worth sending any more, if it is not. */
function skipReason({ kind, at, shift }: DueReminder, now: Date): string | undefined {
  if (shift.startsAt <= now) return "the shift has started";
  if (kind !== "ahead") return undefined;
  // Caught up when the 15-minute reminder is due too, it would only repeat it.
  if (shift.startsAt.getTime() - SOON_BEFORE_MS <= now.getTime()) return "the 15-minute reminder replaces it";
  // Published after its moment: the publication's own message told the person.
  if (shift.publishedAt && shift.publishedAt > at) return "the shift was published after its moment";
  return undefined;
}

/**
 * The reminder a person reads: which shift, in their zone and language, and how to hand it
 * on. "Tomorrow" only when it is still the day before there (a late catch-up may not be).
 */
export function reminderMessage(
  locale: Locale,
  shift: { kind: ReminderKind; startsAt: Date; endsAt: Date; zone: string; now: Date },
): Message {
  const tr = translator(locale);
  const local = (instant: Date) => DateTime.fromJSDate(instant, { zone: shift.zone }).setLocale(locale === "he" ? "he" : "en-GB");
  const start = local(shift.startsAt);
  const tomorrow = local(shift.now).startOf("day").plus({ days: 1 }).hasSame(start, "day");
  const key = shift.kind === "soon" ? "soon" : tomorrow ? "tomorrow" : "ahead";
  const text = tr(`shiftReminders.${key}`, {
    date: start.toLocaleString({ weekday: "long", day: "numeric", month: "long" }),
    start: start.toFormat("HH:mm"),
    end: local(shift.endsAt).toFormat("HH:mm"),
  });
  return {
    direction: textDirection(locale),
    summary: text,
    blocks: [
      { type: "section", text },
      { type: "context", text: `${tr("shiftReminders.swap", { command: "/rotation swap" })} ${tr("shiftReminders.zone", { zone: shift.zone })}` },
    ],
  };
}
