import { burst } from "../burst";
import { waitForOutboxDrained } from "../drain";
import { READY_TIMEOUT_MS, withEnvironment } from "../environment";
import { repeatsFromEnvironment } from "../repeats";
import { addTally, emptyTally, tallyIdeas, type Tally } from "../tally";
import type { Scenario, ScenarioContext } from "./types";

/** How many times the kill -9 round is repeated, each on a fresh database (FAULTS_KILL_REPEATS). */
export const KILL_REPEATS = repeatsFromEnvironment("FAULTS_KILL_REPEATS", 10);
const BURST = 200;
const CONCURRENCY = 8;
/** A killed replica's claimed rows wait out the lease (FAULT_TIMING's) before anyone retries them. */
const DRAIN_MS = 60_000;

/**
 * Two replicas, a burst of /idea spread over both, `kill -9` of one in the middle of the
 * burst, restarted at once on the same port; then every outbox row must end SENT or FAILED
 * and every acknowledged idea must be stored and posted exactly once.
 */
async function oneRound(ctx: ScenarioContext, round: number): Promise<Tally> {
  return withEnvironment(async (env) => {
    const a = await env.start("a");
    const b = await env.start("b");
    await Promise.all([a.ready(READY_TIMEOUT_MS), b.ready(READY_TIMEOUT_MS)]);
    let restarted: Promise<void> = Promise.resolve();
    const sent = await burst({
      count: BURST,
      concurrency: CONCURRENCY,
      responseUrl: env.responseUrl,
      replicas: () => env.replicas,
      onProgress: {
        at: BURST / 2,
        run: async () => {
          const postsBefore = env.slack.acceptedPosts().length;
          await a.kill9();
          ctx.log(`round ${round}: killed a (-9) after ${postsBefore} posts`);
          restarted = env.start("a2", a.port).then((r) => r.ready(READY_TIMEOUT_MS));
        },
      },
    });
    await restarted;
    const acked = sent.filter((s) => s.status === 200).length;
    ctx.log(`round ${round}: ${sent.length} sent, ${acked} acknowledged; a restarted, waiting for the outbox`);
    const { drained, counts } = await waitForOutboxDrained(env.db, Math.min(ctx.deadline - 5000, Date.now() + DRAIN_MS));
    ctx.log(`round ${round}: outbox ${drained ? "drained" : "NOT drained"} ${JSON.stringify(counts)}`);
    const tally = await tallyIdeas(env.db, sent, env.slack.acceptedPosts());
    if (!drained) tally.notes.push(`round ${round}: outbox not drained by the deadline: ${JSON.stringify(counts)}`);
    return tally;
  });
}

export const killReplicaScenario: Scenario = {
  name: `kill-9-replica-x${KILL_REPEATS}`,
  timeoutMs: KILL_REPEATS * 150_000,
  async run(ctx) {
    const total = emptyTally();
    for (let round = 1; round <= KILL_REPEATS; round++) {
      const t = await oneRound(ctx, round);
      ctx.log(`round ${round}: expected ${t.expected}, delivered ${t.delivered}, lost ${t.lost}, duplicated ${t.duplicated}`);
      addTally(total, t);
    }
    return total;
  },
};
