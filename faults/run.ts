import { dropAllScratchDatabases } from "./database";
import { killAllReplicas, killAllReplicasAndWait } from "./replicas";
import { hangSigtermScenario } from "./scenarios/hang-sigterm";
import { killDuringDigestScenario } from "./scenarios/kill-digest";
import { killReplicaScenario } from "./scenarios/kill-replica";
import { simultaneousStartScenario } from "./scenarios/simultaneous-start";
import { rateLimitStormScenario, serverErrorsScenario } from "./scenarios/slack-errors";
import { slowSlackScenario } from "./scenarios/slow-slack";
import type { Scenario } from "./scenarios/types";
import type { Tally } from "./tally";

/**
 * `npm run faults [name-filter…]`: runs the fault scenarios against real bot processes, one
 * after another (2 cores: running them side by side would measure the machine, not the bot),
 * prints one line per scenario and a summary, and exits non-zero if anything was lost or
 * duplicated or a scenario could not run. Every scenario has a deadline, and so has the run.
 */

const SCENARIOS: Scenario[] = [
  killReplicaScenario,
  killDuringDigestScenario,
  rateLimitStormScenario,
  serverErrorsScenario,
  slowSlackScenario,
  hangSigtermScenario,
  simultaneousStartScenario(2),
  simultaneousStartScenario(3),
];
/** The whole run's bound: scenarios still to run when it passes are reported as failed. */
const RUN_DEADLINE_MS = 9 * 60_000;

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)}s`;

// Whatever way the runner ends, no bot process outlives it.
process.on("exit", killAllReplicas);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    console.error(`faults: ${signal}: killing the replicas`);
    void killAllReplicasAndWait()
      .then(dropAllScratchDatabases)
      .finally(() => process.exit(130));
  });
}
process.on("uncaughtException", (error) => {
  console.error("faults: uncaught", error);
  killAllReplicas();
  process.exit(2);
});
process.on("unhandledRejection", (error) => {
  console.error("faults: unhandled rejection", error);
  killAllReplicas();
  process.exit(2);
});

interface Outcome {
  name: string;
  tally?: Tally;
  error?: string;
  seconds: number;
}

async function runScenario(scenario: Scenario, runDeadline: number): Promise<Outcome> {
  const t0 = Date.now();
  const deadline = Math.min(t0 + scenario.timeoutMs, runDeadline);
  const log = (m: string) => console.log(`  [${elapsed()}] ${scenario.name}: ${m}`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`deadline of ${Math.round((deadline - t0) / 1000)} s passed`)), Math.max(0, deadline - t0));
  });
  try {
    const tally = await Promise.race([scenario.run({ deadline, log }), timeout]);
    return { name: scenario.name, tally, seconds: (Date.now() - t0) / 1000 };
  } catch (error) {
    return { name: scenario.name, error: String((error as Error)?.message ?? error).slice(0, 2000), seconds: (Date.now() - t0) / 1000 };
  } finally {
    clearTimeout(timer);
    // A scenario that ran out of time is still running: take its processes and database away.
    await killAllReplicasAndWait();
    await dropAllScratchDatabases();
  }
}

async function main(): Promise<number> {
  const filters = process.argv.slice(2);
  const chosen = filters.length ? SCENARIOS.filter((s) => filters.some((f) => s.name.includes(f))) : SCENARIOS;
  const runDeadline = started + RUN_DEADLINE_MS;
  const outcomes: Outcome[] = [];
  for (const scenario of chosen) {
    if (Date.now() >= runDeadline) {
      outcomes.push({ name: scenario.name, error: "not run: the run's deadline passed", seconds: 0 });
      continue;
    }
    console.log(`[${elapsed()}] ${scenario.name}: starting`);
    const outcome = await runScenario(scenario, runDeadline);
    outcomes.push(outcome);
    const t = outcome.tally;
    if (t) {
      console.log(`${outcome.name}: expected ${t.expected}, delivered ${t.delivered}, lost ${t.lost}, duplicated ${t.duplicated}  (${outcome.seconds.toFixed(0)} s)`);
      for (const n of t.notes) console.log(`    ${n}`);
    } else {
      console.log(`${outcome.name}: FAILED TO RUN: ${outcome.error}  (${outcome.seconds.toFixed(0)} s)`);
    }
  }
  const sum = (k: "expected" | "delivered" | "lost" | "duplicated") => outcomes.reduce((n, o) => n + (o.tally?.[k] ?? 0), 0);
  const failed = outcomes.filter((o) => !o.tally);
  const bad = outcomes.filter((o) => o.tally && (o.tally.lost > 0 || o.tally.duplicated > 0 || o.tally.notes.some((n) => n.includes("not drained") || n.includes("not exercised"))));
  console.log(
    `summary: ${outcomes.length} scenarios, ${failed.length} failed to run, ${bad.length} with losses, duplicates or faults not exercised; ` +
      `expected ${sum("expected")}, delivered ${sum("delivered")}, lost ${sum("lost")}, duplicated ${sum("duplicated")}; took ${elapsed()}`,
  );
  return failed.length || bad.length ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  async (error: unknown) => {
    console.error("faults: the runner failed:", error);
    await killAllReplicasAndWait();
    await dropAllScratchDatabases();
    process.exitCode = 2;
  },
);
