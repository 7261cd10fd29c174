/**
 * Each directory the organisation takes people from, synced every night (once across
 * replicas, caught up at start after downtime, as every scheduled job), where this replica
 * has the credentials to read it. What it could not merge goes to the admins.
 */
import type { ServiceDeps } from "../deps";
import { storedOrganisation } from "../organisation-import";
import type { ScheduledJob } from "../scheduler";
import { tellAdminsOfSyncProblems } from "./people-problems-notice";
import { sourceLabel, syncPeople, type DirectorySource, type PeopleSourceReaders } from "./sync-people";

/** Early in the night, before reminders and digests read the people. */
const SYNC_HOUR = 4;

export function peopleSyncJob(
  source: DirectorySource,
  deps: Pick<ServiceDeps, "prisma" | "logger" | "platforms" | "organisation" | "outboxKick"> & { readers: PeopleSourceReaders },
  timezone: string,
): ScheduledJob {
  return {
    name: `people-sync-${source}`,
    schedule: { kind: "daily", hour: SYNC_HOUR, timezone },
    // Yesterday's sync is worth catching up; last week's is not: a newer one follows tonight.
    staleAfterMs: 2 * 24 * 60 * 60 * 1000,
    run: async ({ runKey }) => {
      // A replica with credentials for a directory the organisation does not use has nothing to say each night.
      if (!(await storedOrganisation(deps.prisma))?.organisation.sources[source]) return;
      const result = await syncPeople(deps.prisma, source, deps.readers, false);
      const [summary, ...details] = result.output.split("\n");
      (result.exitCode === 0 ? deps.logger.info : deps.logger.warn).call(deps.logger, { source, details }, `People sync: ${summary}`);
      await tellAdminsOfSyncProblems(deps, { source, label: sourceLabel(source), runKey, problems: result.problems ?? [] });
      deps.outboxKick();
    },
  };
}
