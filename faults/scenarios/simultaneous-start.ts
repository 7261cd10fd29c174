import { READY_TIMEOUT_MS, withEnvironment } from "../environment";
import { emptyTally } from "../tally";
import type { Scenario } from "./types";

/**
 * N replicas started at the same moment on an empty database: they race to migrate it and
 * import the organisation; every one must come up. Expected = replicas, delivered = ready.
 */
export function simultaneousStartScenario(count: number): Scenario {
  return {
    name: `simultaneous-start-${count}`,
    timeoutMs: READY_TIMEOUT_MS + 30_000,
    run: (ctx) =>
      withEnvironment(async (env) => {
        const replicas = await Promise.all(Array.from({ length: count }, (_, i) => env.start(`r${i + 1}`)));
        const outcomes = await Promise.allSettled(replicas.map((r) => r.ready(Math.min(READY_TIMEOUT_MS, ctx.deadline - Date.now() - 5000))));
        const tally = emptyTally();
        tally.expected = count;
        outcomes.forEach((o, i) => {
          if (o.status === "fulfilled") tally.delivered += 1;
          else {
            tally.lost += 1;
            tally.notes.push(`${replicas[i]!.name}: ${String((o.reason as Error).message).slice(0, 600)}`);
          }
        });
        return tally;
      }),
  };
}
