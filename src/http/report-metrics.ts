import { Gauge, type Registry } from "prom-client";
import type { PrismaClient } from "../generated/prisma/client";
import { latestReportMonth, reportProgress } from "../services/reports/report-progress";

/**
 * The latest month's monthly reports in /metrics, read from the database at each scrape, so
 * that every replica shows the whole company's progress, not its own share.
 */
export function registerReportMetrics(registry: Registry, prisma: PrismaClient): void {
  new Gauge({
    name: "monthly_reports",
    help: "The latest month's monthly service reports in the outbox, by platform and status",
    labelNames: ["month", "platform", "status"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const month = await latestReportMonth(prisma);
      if (!month) return;
      const progress = await reportProgress(prisma, month);
      for (const row of progress.messages) this.set({ month: progress.month, platform: row.platform, status: row.status }, row.count);
    },
  });
}
