import type { Organisation } from "../config/organisation";
import type { Actor } from "../domain/idea-lifecycle";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { resolveLocale, type Locale } from "../i18n";
import type { Logger } from "../logger";
import type { PlatformName } from "./outbox";

/** What every use case may use; the chat platforms hand it in. */
export interface ServiceDeps {
  prisma: PrismaClient;
  logger: Logger;
  organisation: () => Organisation | undefined;
  /** The platforms the bot posts to (those configured). */
  platforms: readonly PlatformName[];
  /** Wakes the outbox after a transaction that enqueued messages commits. */
  outboxKick: () => void;
  /**
   * Tells the shift timers (reminders, who is on the line) that published shifts changed,
   * after the transaction that changed them commits.
   */
  shiftsChanged: () => void;
  /** The bot's public address (PUBLIC_URL), for links people and platforms follow: calendars, charts. */
  publicUrl?: string;
}

export type Tx = Prisma.TransactionClient;

export function companyLocale(deps: Pick<ServiceDeps, "organisation">): Locale {
  return deps.organisation()?.company.locale ?? "en";
}

export function companyTimezone(deps: Pick<ServiceDeps, "organisation">): string {
  return deps.organisation()?.company.timezone ?? "UTC";
}

export function localeOf(deps: Pick<ServiceDeps, "organisation">, employee: { locale: string | null } | null | undefined): Locale {
  return resolveLocale({ employee: employee?.locale, company: companyLocale(deps) });
}

/**
 * Records that a platform request was handled, inside the transaction doing its work: a
 * retry of the same request finds the key and changes nothing. False when already handled.
 */
export async function claimRequest(tx: Tx, key: string | undefined): Promise<boolean> {
  if (!key) return true;
  const inserted = await tx.$executeRaw`INSERT INTO processed_requests (key) VALUES (${key}) ON CONFLICT (key) DO NOTHING`;
  return inserted === 1;
}

/**
 * One platform request's work in one transaction: the request key is claimed first, so a
 * retry of the same request does nothing; the outbox is woken when `changed` says the work
 * wrote messages to send.
 */
export async function handleOnce<T extends { kind: string }>(
  deps: Pick<ServiceDeps, "prisma" | "outboxKick">,
  requestKey: string | undefined,
  work: (tx: Tx) => Promise<T>,
  changed: (result: T) => boolean,
  /** Prisma's interactive-transaction limits, for work longer than its 5 s default. */
  limits?: { timeout: number; maxWait: number },
): Promise<T | { kind: "duplicate" }> {
  const result = await deps.prisma.$transaction(
    async (tx) => ((await claimRequest(tx, requestKey)) ? work(tx) : ({ kind: "duplicate" } as const)),
    limits,
  );
  if (result.kind !== "duplicate" && changed(result as T)) deps.outboxKick();
  return result;
}

/** Has this request been handled already (a platform retry)? */
export async function requestHandled(prisma: PrismaClient, key: string): Promise<boolean> {
  return (await prisma.processedRequest.count({ where: { key } })) > 0;
}

/** The person as idea rules see them: admin flag and the departments they manage. */
export async function actorOf(prisma: PrismaClient | Tx, employeeId: number): Promise<Actor> {
  const employee = await prisma.employee.findUniqueOrThrow({
    where: { id: employeeId },
    select: { id: true, isAdmin: true, managerOf: { select: { departmentId: true } } },
  });
  return { employeeId: employee.id, isAdmin: employee.isAdmin, managerOf: employee.managerOf.map((m) => m.departmentId) };
}

/** Formats an instant as a date (and time) in a zone, for messages. */
export function formatWhen(at: Date, locale: Locale, timeZone: string, withTime = true): string {
  return new Intl.DateTimeFormat(locale === "he" ? "he-IL" : "en-GB", {
    dateStyle: "medium",
    ...(withTime ? { timeStyle: "short" } : {}),
    timeZone,
  }).format(at);
}
