/**
 * Each person's support-line shifts as an iCalendar feed their calendar app subscribes to.
 * The token in the URL is the only credential, so it is long, random, and can be replaced
 * (which revokes every copy of the old URL).
 */
import { randomBytes } from "node:crypto";
import ical, { ICalEventStatus } from "ical-generator";
import { z } from "zod";
import { translator } from "../../i18n";
import { localeOf, type ServiceDeps } from "../deps";
import { addDays, dayStart, planningHorizon } from "./rotation-calendar";
import { shiftName } from "./rotation-messages";

/** Past shifts stay in the feed this long, so last month's turns are still on the calendar. */
export const FEED_DAYS_BACK = 30;
const DAY_MS = 86_400_000;
/** Calendar apps may refresh this often (seconds). */
const REFRESH_SECONDS = 3600;
/** Beyond any sane horizon; keeps one feed's work bounded. */
const MAX_EVENTS = 1000;

/** Tokens are uuids (the column's default) or 32 random bytes in base64url (after a reset). */
export const calendarTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{32,64}$/);

export function calendarUrl(baseUrl: string, token: string): string {
  const base = baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`;
  return new URL(`calendar/${encodeURIComponent(token)}.ics`, base).toString();
}

/** Gives the person a new token: the old URL stops working at once. Returns the new token. */
export async function resetCalendarToken(deps: Pick<ServiceDeps, "prisma">, employeeId: number): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await deps.prisma.employee.update({ where: { id: employeeId }, data: { calendarToken: token } });
  return token;
}

/** The feed of the active employee holding `token`, or undefined when there is none. */
export async function calendarFeed(deps: Pick<ServiceDeps, "prisma" | "organisation">, token: string, now: Date): Promise<string | undefined> {
  if (!calendarTokenSchema.safeParse(token).success) return undefined;
  const employee = await deps.prisma.employee.findUnique({
    where: { calendarToken: token },
    select: { id: true, name: true, locale: true, active: true },
  });
  if (!employee?.active) return undefined;

  const organisation = deps.organisation();
  // Up to the end of the planning horizon; without an organisation, its default four weeks.
  const horizonEnd = organisation
    ? dayStart(addDays(planningHorizon(organisation, now).to, 1), organisation.company.timezone)
    : new Date(now.getTime() + 28 * DAY_MS);
  const shifts = await deps.prisma.shift.findMany({
    where: {
      employeeId: employee.id,
      status: { in: ["PUBLISHED", "PLANNED"] },
      startsAt: {
        gte: new Date(now.getTime() - FEED_DAYS_BACK * DAY_MS),
        lt: horizonEnd,
      },
    },
    select: {
      id: true,
      startsAt: true,
      endsAt: true,
      status: true,
      isOnboarding: true,
      updatedAt: true,
      template: { select: { key: true, name: true } },
      buddy: { select: { name: true } },
    },
    orderBy: { startsAt: "asc" },
    take: MAX_EVENTS,
  });

  const locale = localeOf(deps, employee);
  const tr = translator(locale);
  const calendar = ical({
    name: tr("rotationCalendar.name", { name: employee.name }),
    prodId: { company: "service-culture-bot", product: "support-line", language: locale.toUpperCase() },
    ttl: REFRESH_SECONDS,
  });
  for (const shift of shifts) {
    const notes = [tr("rotationCalendar.description")];
    if (shift.isOnboarding && shift.buddy) notes.push(tr("rotationCalendar.onboarding", { buddy: shift.buddy.name }));
    if (shift.status === "PLANNED") notes.push(tr("rotationCalendar.tentative"));
    calendar.createEvent({
      // The shift's id alone: calendar apps match updates by UID, so it must never change.
      id: `shift-${shift.id}@service-culture-bot`,
      start: shift.startsAt,
      end: shift.endsAt,
      stamp: now,
      lastModified: shift.updatedAt,
      summary: shift.template ? tr("rotationCalendar.summaryShift", { shift: shiftName(shift.template, locale) }) : tr("rotationCalendar.summary"),
      description: notes.join("\n"),
      status: shift.status === "PUBLISHED" ? ICalEventStatus.CONFIRMED : ICalEventStatus.TENTATIVE,
    });
  }
  return calendar.toString();
}
