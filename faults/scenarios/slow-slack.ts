import { burst } from "../burst";
import { waitForOutboxDrained } from "../drain";
import { READY_TIMEOUT_MS, withEnvironment } from "../environment";
import { FAULT_TIMING } from "../replicas";
import { tallyIdeas } from "../tally";
import type { Scenario } from "./types";

const BURST = 30;
/** Longer than the call timeout and than the lease: the case where a third post was made. */
const ANSWER_DELAY_MS = FAULT_TIMING.OUTBOX_LEASE_MS + 1000;
const SLOW_FOR_MS = 5000;
const DRAIN_MS = 90_000;

/**
 * Slack posts each message at once but answers after longer than the bot's call timeout
 * and lease, for a few seconds, with two replicas: the worker gives up waiting, and the
 * retry (its own or the other replica's) must find the post in the conversation's history
 * instead of posting again; the late answer must change nothing. Every idea posted once.
 */
export const slowSlackScenario: Scenario = {
  name: `slack-answers-after-${ANSWER_DELAY_MS / 1000}s`,
  timeoutMs: 150_000,
  run: (ctx) =>
    withEnvironment(async (env) => {
      const replicas = [await env.start("a"), await env.start("b")];
      await Promise.all(replicas.map((r) => r.ready(READY_TIMEOUT_MS)));
      env.slack.delay("chat.postMessage", ANSWER_DELAY_MS, SLOW_FOR_MS);
      const sent = await burst({ count: BURST, concurrency: 6, responseUrl: env.responseUrl, replicas: () => env.replicas });
      const { drained, counts } = await waitForOutboxDrained(env.db, Math.min(ctx.deadline - 5000, Date.now() + DRAIN_MS));
      const late = env.slack.calls.filter((c) => c.method === "chat.postMessage" && c.answeredAt !== undefined && c.answeredAt - c.at >= ANSWER_DELAY_MS).length;
      ctx.log(`${late} posts answered ${ANSWER_DELAY_MS} ms late; outbox ${drained ? "drained" : "NOT drained"} ${JSON.stringify(counts)}`);
      const tally = await tallyIdeas(env.db, sent, env.slack.acceptedPosts());
      if (!drained) tally.notes.push(`outbox not drained by the deadline: ${JSON.stringify(counts)}`);
      if (late === 0) tally.notes.push("the stand-in never answered late: the fault was not exercised");
      return tally;
    }),
};
