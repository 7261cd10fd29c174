import { waitForOutboxDrained } from "../drain";
import { READY_TIMEOUT_MS, withEnvironment } from "../environment";
import { repeatsFromEnvironment } from "../repeats";
import { addTally, emptyTally, outboxIdOf, tallyOutbox, type Tally } from "../tally";
import type { Scenario, ScenarioContext } from "./types";

/** Rounds, each on a fresh database (FAULTS_DIGEST_REPEATS). */
export const DIGEST_REPEATS = repeatsFromEnvironment("FAULTS_DIGEST_REPEATS", 3);
/** Slack answers each post this late (inside the call timeout), so posts are in flight long enough to kill under. */
const ANSWER_DELAY_MS = 1500;
const DRAIN_MS = 60_000;
const DIGEST_KEYS = "SLACK:digest:";

/**
 * The weekly digest while a replica dies: a first replica installs the organisation and
 * is killed; the departments are then dated back to January, as if installed long ago,
 * so the two replicas started next both find last week's digests due at once (the catch-up
 * at start). While one of them has a digest post in flight at Slack, it is killed with -9.
 * Every department's digest (and the company's) must be posted exactly once.
 */
async function oneRound(ctx: ScenarioContext, round: number): Promise<Tally> {
  return withEnvironment(async (env) => {
    const installer = await env.start("installer");
    await installer.ready(READY_TIMEOUT_MS);
    await installer.kill9();
    await env.db.query(`UPDATE departments SET created_at = '2026-01-01T00:00:00Z'`);
    // The installer found no digest owed by a department created just now, and noted so.
    await env.db.query(`DELETE FROM job_runs WHERE job LIKE 'digest.%'`);
    env.slack.delay("chat.postMessage", ANSWER_DELAY_MS, 60_000);
    const replicas = await Promise.all([env.start("a"), env.start("b")]);
    const digestIds = new Set<number>();
    let victim: string | undefined;
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!victim && Date.now() < deadline) {
      for (const row of await env.db.query<{ id: number }>(`SELECT id FROM outbox_messages WHERE dedupe_key LIKE $1`, [`${DIGEST_KEYS}%`]).catch(() => [])) digestIds.add(row.id);
      victim = env.slack.unanswered("chat.postMessage").find((c) => digestIds.has(outboxIdOf(c) ?? -1))?.via;
      if (!victim) await new Promise((r) => setTimeout(r, 50));
    }
    const killed = replicas.find((r) => r.name === victim);
    if (killed) await killed.kill9();
    env.slack.recover();
    const postedBefore = env.slack.acceptedPosts().filter((c) => digestIds.has(outboxIdOf(c) ?? -1)).length;
    ctx.log(`round ${round}: ${killed ? `killed ${killed.name} (-9) with a digest post in flight, ${postedBefore} digest posts made so far` : "no digest post was ever in flight"}`);
    const { drained, counts } = await waitForOutboxDrained(env.db, Math.min(ctx.deadline - 5000, Date.now() + DRAIN_MS));
    ctx.log(`round ${round}: outbox ${drained ? "drained" : "NOT drained"} ${JSON.stringify(counts)}`);
    const tally = await tallyOutbox(env.db, DIGEST_KEYS, env.slack.acceptedPosts());
    if (!drained) tally.notes.push(`round ${round}: outbox not drained by the deadline: ${JSON.stringify(counts)}`);
    if (!killed) tally.notes.push(`round ${round}: no digest post was in flight: the fault was not exercised`);
    if (tally.expected === 0) tally.notes.push(`round ${round}: no digest was due: the fault was not exercised`);
    return tally;
  });
}

export const killDuringDigestScenario: Scenario = {
  name: `kill-9-during-digest-x${DIGEST_REPEATS}`,
  timeoutMs: DIGEST_REPEATS * 120_000,
  async run(ctx) {
    const total = emptyTally();
    for (let round = 1; round <= DIGEST_REPEATS; round++) {
      const t = await oneRound(ctx, round);
      ctx.log(`round ${round}: expected ${t.expected}, delivered ${t.delivered}, lost ${t.lost}, duplicated ${t.duplicated}`);
      addTally(total, t);
    }
    return total;
  },
};
