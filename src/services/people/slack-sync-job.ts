/**
 * The Slack workspace synced into the organisation every night (once across replicas, caught
 * up at start after downtime, as every scheduled job), when the organisation file names
 * `sources.slack` and this replica has a bot token.
 */
import type { PrismaClient } from "../../generated/prisma/client";
import type { Logger } from "../../logger";
import { storedOrganisation } from "../organisation-import";
import type { ScheduledJob } from "../scheduler";
import { applyPeople, type SourceReading } from "./apply-people";
import type { Organisation } from "../../config/organisation";

export interface SlackSyncDeps {
  prisma: PrismaClient;
  logger: Logger;
  read: (settings: NonNullable<Organisation["sources"]["slack"]>) => Promise<SourceReading>;
}

/** Early in the night, before reminders and digests read the people. */
const SYNC_HOUR = 4;

export function slackPeopleSyncJob(deps: SlackSyncDeps, timezone: string): ScheduledJob {
  return {
    name: "people-sync-slack",
    schedule: { kind: "daily", hour: SYNC_HOUR, timezone },
    // Yesterday's sync is worth catching up; last week's is not: a newer one follows tonight.
    staleAfterMs: 2 * 24 * 60 * 60 * 1000,
    run: async () => {
      const stored = await storedOrganisation(deps.prisma);
      const settings = stored?.organisation.sources.slack;
      if (!settings) return;
      const result = await applyPeople(deps.prisma, { source: "slack", label: "Slack", importName: "Slack workspace", ...(await deps.read(settings)), dryRun: false });
      const [summary, ...rest] = result.output.split("\n");
      (result.exitCode === 0 ? deps.logger.info : deps.logger.warn).call(deps.logger, { details: rest }, `People from Slack: ${summary}`);
    },
  };
}
