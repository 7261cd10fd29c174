/**
 * Who is on the support line, shown where colleagues look: a chat group holding exactly the
 * people on shift (so "@support-now" reaches them) and a status on each of them, put back
 * as it was when the shift ends. Platform-neutral; each chat platform implements
 * `SupportPresencePlatform`.
 */
import { DateTime } from "luxon";
import type { PrismaClient, SupportPresence as RememberedStatus } from "../../generated/prisma/client";
import { LOCALES, t } from "../../i18n";
import { claimRun, finishRun, LATE_AFTER_MS } from "../scheduler";
import { companyTimezone, localeOf, type ServiceDeps } from "../deps";
import type { PlatformName } from "../outbox";
import { zoneOf } from "./reminder-moments";
import type { TimerOccasion, TimedTask } from "../timers";

export const PRESENCE_JOB = "support-presence";
export const DEFAULT_USER_GROUP = "support-now";
export const ON_SHIFT_EMOJI = ":telephone_receiver:";

export interface PresenceStatus {
  text: string;
  emoji: string;
  /** Unix seconds when the platform clears it by itself; 0 = never. */
  expiration: number;
}

const BLANK: PresenceStatus = { text: "", emoji: "", expiration: 0 };

/** What a chat platform does to show who is on shift; implemented in src/chat/<platform>. */
export interface SupportPresencePlatform {
  platform: PlatformName;
  /** Makes the group `handle` hold exactly these people; none at all may disable it. */
  setOnShift(handle: string, userIds: readonly string[]): Promise<void>;
  /** Absent when the bot may not change people's statuses. */
  statuses?: {
    get(userId: string): Promise<PresenceStatus>;
    set(userId: string, status: PresenceStatus): Promise<void>;
  };
}

type StatusAccess = NonNullable<SupportPresencePlatform["statuses"]>;
type PresenceDeps = Pick<ServiceDeps, "prisma" | "logger" | "organisation">;
export type OnShift = Awaited<ReturnType<typeof onShiftAt>>[number];

/**
 * The people on a published shift at `at` (start inclusive, end exclusive), one entry each:
 * with overlapping shifts, the one that ends last.
 */
export async function onShiftAt(prisma: PrismaClient, at: Date) {
  const shifts = await prisma.shift.findMany({
    where: { status: "PUBLISHED", employeeId: { not: null }, employee: { active: true }, startsAt: { lte: at }, endsAt: { gt: at } },
    include: { employee: true },
    orderBy: [{ endsAt: "desc" }, { id: "asc" }],
  });
  const byPerson = new Map<number, { shift: (typeof shifts)[number]; employee: NonNullable<(typeof shifts)[number]["employee"]> }>();
  for (const shift of shifts) if (!byPerson.has(shift.employeeId!)) byPerson.set(shift.employeeId!, { shift, employee: shift.employee! });
  return [...byPerson.values()].sort((a, b) => a.employee.id - b.employee.id);
}

const publishedWithPerson = { status: "PUBLISHED", employeeId: { not: null } } as const;

export class SupportPresence implements TimedTask {
  readonly name = "support presence";

  constructor(
    private readonly deps: PresenceDeps,
    private readonly platform: SupportPresencePlatform,
    /** Written to job_runs.claimed_by. */
    private readonly instanceId: string,
  ) {}

  /** Starts and ends of published shifts in (from, to]. */
  async instantsBetween(from: Date, to: Date): Promise<Date[]> {
    const within = { gt: from, lte: to };
    const shifts = await this.deps.prisma.shift.findMany({
      where: { ...publishedWithPerson, OR: [{ startsAt: within }, { endsAt: within }] },
      select: { startsAt: true, endsAt: true },
    });
    return shifts.flatMap((s) => [s.startsAt, s.endsAt]).filter((at) => at > from && at <= to);
  }

  /**
   * At a timer: the latest shift boundary is claimed, and only the replica that claims it
   * syncs. On catch-up (start-up, shifts changed): synced unconditionally, because a change
   * in the middle of a shift has no boundary of its own, and syncing is idempotent.
   */
  async runDue(now: Date, occasion: TimerOccasion): Promise<void> {
    if (occasion === "catch-up") return this.sync(now);
    const boundary = await this.latestBoundary(now);
    if (!boundary) return;
    const runKey = boundary.toISOString();
    const late = now.getTime() - boundary.getTime() > LATE_AFTER_MS;
    if (!(await claimRun(this.deps.prisma, PRESENCE_JOB, runKey, boundary, this.instanceId, late))) return;
    try {
      await this.sync(now);
    } catch (error) {
      // Syncing again is harmless: let the claim go so that the retry (any replica's) may take it.
      await this.deps.prisma.jobRun.deleteMany({ where: { job: PRESENCE_JOB, runKey } });
      throw error;
    }
    await finishRun(this.deps.prisma, PRESENCE_JOB, runKey, { status: "DONE" });
  }

  /** Brings the group and the statuses in line with who is on shift at `now`. */
  async sync(now: Date): Promise<void> {
    const onShift = await onShiftAt(this.deps.prisma, now);
    const handle = this.deps.organisation()?.supportLine.userGroup ?? DEFAULT_USER_GROUP;
    const ids = onShift.map((p) => this.userIdOf(p.employee)).filter((id): id is string => id !== null);
    await this.platform.setOnShift(handle, [...new Set(ids)]);
    if (this.platform.statuses) await this.syncStatuses(onShift, now, this.platform.statuses);
  }

  private async latestBoundary(now: Date): Promise<Date | undefined> {
    const { prisma } = this.deps;
    const [started, ended] = await Promise.all([
      prisma.shift.aggregate({ _max: { startsAt: true }, where: { ...publishedWithPerson, startsAt: { lte: now } } }),
      prisma.shift.aggregate({ _max: { endsAt: true }, where: { ...publishedWithPerson, endsAt: { lte: now } } }),
    ]);
    const times = [started._max.startsAt, ended._max.endsAt].filter((d): d is Date => d !== null).map((d) => d.getTime());
    return times.length ? new Date(Math.max(...times)) : undefined;
  }

  /**
   * Each change of a person's status is owned by whoever writes their support_presence row
   * (insert, or delete of the row as read): a second replica doing the same sync finds the
   * row already written and leaves the status alone. A platform call that fails undoes the
   * row change, so the next sync tries again.
   */
  private async syncStatuses(onShift: OnShift[], now: Date, statuses: StatusAccess): Promise<void> {
    const { prisma } = this.deps;
    const remembered = new Map((await prisma.supportPresence.findMany({ orderBy: { employeeId: "asc" } })).map((row) => [row.employeeId, row]));
    const errors: unknown[] = [];
    const attempt = async (work: () => Promise<void>) => {
      try {
        await work();
      } catch (error) {
        errors.push(error);
      }
    };
    for (const person of onShift) {
      const user = this.userIdOf(person.employee);
      if (!user) continue;
      const row = remembered.get(person.employee.id);
      const ours = this.onShiftStatus(person);
      if (!row) await attempt(() => this.begin(user, person, ours, statuses));
      else if (row.shiftId !== person.shift.id) await attempt(() => this.carryOn(user, row.shiftId, person, ours, statuses));
    }
    const stillOn = new Set(onShift.map((p) => p.employee.id));
    for (const row of remembered.values()) {
      if (!stillOn.has(row.employeeId)) await attempt(() => this.end(row, now, statuses));
    }
    if (errors.length) throw errors.length === 1 ? errors[0] : new AggregateError(errors, `${errors.length} status changes failed`);
  }

  private async begin(user: string, person: OnShift, ours: PresenceStatus, statuses: StatusAccess) {
    const current = await statuses.get(user);
    // Ours already showing means an earlier attempt set it and then lost its row: the
    // status before it is unknown, and blank is the honest guess.
    const previous = isOnShiftStatus(current) ? BLANK : current;
    const employeeId = person.employee.id;
    const { count } = await this.deps.prisma.supportPresence.createMany({
      data: [{ employeeId, shiftId: person.shift.id, statusText: previous.text, statusEmoji: previous.emoji, statusExpiration: previous.expiration }],
      skipDuplicates: true,
    });
    if (count === 0) return;
    try {
      await statuses.set(user, ours);
    } catch (error) {
      await this.deps.prisma.supportPresence.deleteMany({ where: { employeeId, shiftId: person.shift.id } });
      throw error;
    }
  }

  /** Straight into another shift: the status gets the new end; the remembered one stays. */
  private async carryOn(user: string, fromShiftId: number, person: OnShift, ours: PresenceStatus, statuses: StatusAccess) {
    const employeeId = person.employee.id;
    const moved = await this.deps.prisma.supportPresence.updateMany({ where: { employeeId, shiftId: fromShiftId }, data: { shiftId: person.shift.id } });
    if (moved.count === 0) return;
    try {
      await statuses.set(user, ours);
    } catch (error) {
      await this.deps.prisma.supportPresence.updateMany({ where: { employeeId, shiftId: person.shift.id }, data: { shiftId: fromShiftId } });
      throw error;
    }
  }

  private async end(row: RememberedStatus, now: Date, statuses: StatusAccess) {
    const { prisma } = this.deps;
    const taken = await prisma.$transaction(async (tx) => {
      const employee = await tx.employee.findUnique({ where: { id: row.employeeId }, select: { slackUserId: true, teamsUserId: true } });
      const { count } = await tx.supportPresence.deleteMany({ where: { employeeId: row.employeeId, shiftId: row.shiftId } });
      return count === 1 ? employee : undefined;
    });
    const user = taken ? this.userIdOf(taken) : null;
    if (!user) return;
    const saved = { text: row.statusText, emoji: row.statusEmoji, expiration: row.statusExpiration };
    // A status that would have expired during the shift is not brought back.
    const target = saved.expiration !== 0 && saved.expiration <= Math.floor(now.getTime() / 1000) ? BLANK : saved;
    try {
      const current = await statuses.get(user);
      // Blank: the platform cleared ours at the shift's end. Anything else not ours: the
      // person chose a new status during the shift, and it stays.
      if ((isOnShiftStatus(current) || sameStatus(current, BLANK)) && !sameStatus(current, target)) await statuses.set(user, target);
    } catch (error) {
      await prisma.supportPresence.createMany({ data: [row], skipDuplicates: true });
      throw error;
    }
  }

  /** "On the support line until 13:00", in the person's language and zone; expires at the end. */
  private onShiftStatus({ shift, employee }: OnShift): PresenceStatus {
    const zone = zoneOf(employee.timezone, companyTimezone(this.deps));
    const time = DateTime.fromJSDate(shift.endsAt, { zone }).toFormat("HH:mm");
    return {
      text: t(localeOf(this.deps, employee), "supportPresence.status", { time }),
      emoji: ON_SHIFT_EMOJI,
      expiration: Math.floor(shift.endsAt.getTime() / 1000),
    };
  }

  private userIdOf(person: { slackUserId: string | null; teamsUserId: string | null }): string | null {
    return this.platform.platform === "SLACK" ? person.slackUserId : person.teamsUserId;
  }
}

/** Text before the time in our status, per language, to recognise it among people's own. */
const ON_SHIFT_PREFIXES = LOCALES.map((locale) => t(locale, "supportPresence.status", { time: "\u0000" }).split("\u0000")[0]!);

export function isOnShiftStatus(status: PresenceStatus): boolean {
  return status.emoji === ON_SHIFT_EMOJI && ON_SHIFT_PREFIXES.some((prefix) => status.text.startsWith(prefix));
}

function sameStatus(a: PresenceStatus, b: PresenceStatus): boolean {
  return a.text === b.text && a.emoji === b.emoji;
}
