import type { PrismaClient } from "../generated/prisma/client";
import type { Logger } from "../logger";
import type { ScheduledJob } from "./scheduler";

const DAY_MS = 24 * 60 * 60_000;

/** How long handled-request keys, drafts and delivered messages are kept. */
export const RETENTION = { processedRequestsDays: 7, ideaDraftsDays: 1, sentOutboxDays: 30 } as const;

/**
 * Deletes what only matters for a while: request keys (Slack retries within minutes),
 * abandoned idea drafts, and delivered outbox messages. Failed deliveries are kept for
 * inspection.
 */
export async function pruneExpired(prisma: PrismaClient, now: Date): Promise<Record<string, number>> {
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const [requests, drafts, sent] = await prisma.$transaction([
    prisma.processedRequest.deleteMany({ where: { createdAt: { lt: before(RETENTION.processedRequestsDays) } } }),
    prisma.ideaDraft.deleteMany({ where: { createdAt: { lt: before(RETENTION.ideaDraftsDays) } } }),
    prisma.outboxMessage.deleteMany({ where: { status: "SENT", sentAt: { lt: before(RETENTION.sentOutboxDays) } } }),
  ]);
  return { requests: requests.count, drafts: drafts.count, sent: sent.count };
}

/** Weekly, Saturday 03:00 in the company's zone: a quiet hour in every work week. */
export function housekeepingJob(prisma: PrismaClient, logger: Logger, timezone: string): ScheduledJob {
  return {
    name: "housekeeping",
    schedule: { kind: "weekly", weekday: 6, hour: 3, timezone },
    run: async () => {
      logger.info({ deleted: await pruneExpired(prisma, new Date()) }, "Housekeeping: expired rows deleted");
    },
  };
}
