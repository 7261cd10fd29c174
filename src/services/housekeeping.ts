import type { PrismaClient } from "../generated/prisma/client";
import type { Logger } from "../logger";
import type { ScheduledJob } from "./scheduler";

const DAY_MS = 24 * 60 * 60_000;

/**
 * How long handled-request keys, drafts, delivered messages and digest charts are kept; a
 * chart only needs to outlive the post showing it for as long as people scroll back to it.
 */
export const RETENTION = { processedRequestsDays: 7, ideaDraftsDays: 1, storyDraftsDays: 7, sentOutboxDays: 30, digestChartsDays: 180 } as const;

/**
 * Deletes what only matters for a while: request keys (Slack retries within minutes),
 * abandoned idea drafts and story drafts (held for personal data and never posted),
 * delivered outbox messages, old digest charts and expired web sessions. Failed deliveries
 * are kept for inspection.
 */
export async function pruneExpired(prisma: PrismaClient, now: Date): Promise<Record<string, number>> {
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const [requests, drafts, storyDrafts, sent, charts, sessions] = await prisma.$transaction([
    prisma.processedRequest.deleteMany({ where: { createdAt: { lt: before(RETENTION.processedRequestsDays) } } }),
    prisma.ideaDraft.deleteMany({ where: { createdAt: { lt: before(RETENTION.ideaDraftsDays) } } }),
    prisma.serviceStory.deleteMany({ where: { status: "DRAFT", createdAt: { lt: before(RETENTION.storyDraftsDays) } } }),
    prisma.outboxMessage.deleteMany({ where: { status: "SENT", sentAt: { lt: before(RETENTION.sentOutboxDays) } } }),
    prisma.digestChart.deleteMany({ where: { createdAt: { lt: before(RETENTION.digestChartsDays) } } }),
    prisma.webSession.deleteMany({ where: { expiresAt: { lt: now } } }),
  ]);
  return { requests: requests.count, drafts: drafts.count + storyDrafts.count, sent: sent.count, charts: charts.count, sessions: sessions.count };
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
