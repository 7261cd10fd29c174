/** The plan exists without anyone asking: extended and published weekly, at start-up and when the organisation changes. */
import { companyTimezone, type ServiceDeps } from "../deps";
import { LATE_AFTER_MS, type ScheduledJob } from "../scheduler";
import { publishRotation } from "./rotation-publish";

/**
 * Early on the first day of the company week: plan the horizon again (it moved on by a week)
 * and publish the shifts now within notice. A missed run is recorded SKIPPED rather than
 * caught up: start-up runs `keepRotation`, which does the same work, and doing it twice would
 * plan a large organisation twice before the bot is ready.
 */
export function rotationJob(deps: ServiceDeps): ScheduledJob {
  const firstIsoDay = deps.organisation()?.company.workWeek[0] ?? 1;
  return {
    name: "rotation.extend-and-publish",
    schedule: { kind: "weekly", weekday: firstIsoDay, hour: 6, timezone: companyTimezone(deps) },
    staleAfterMs: LATE_AFTER_MS,
    run: async ({ runKey }) => {
      const result = await publishRotation(deps, { until: "due", eventKey: `weekly:${runKey}` });
      deps.logger.info(result, "Rotation: planned and published");
    },
  };
}

/**
 * At start-up and after the organisation changes: plan again and publish what is now within
 * notice, so that a fresh install has real shifts (and reminders) at once, and a new hire's
 * or a leaver's shifts are settled without waiting for the weekly run.
 */
export async function keepRotation(deps: ServiceDeps, reason: string): Promise<void> {
  try {
    const result = await publishRotation(deps, { until: "due" });
    deps.logger.info(result, `Rotation: planned and published (${reason})`);
  } catch (error) {
    deps.logger.error({ err: error }, `Rotation: planning failed (${reason})`);
  }
}
