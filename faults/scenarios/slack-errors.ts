import { burst } from "../burst";
import { waitForOutboxDrained } from "../drain";
import { READY_TIMEOUT_MS, withEnvironment } from "../environment";
import { tallyIdeas } from "../tally";
import type { Scenario } from "./types";

const BURST = 60;
const DRAIN_MS = 90_000;

/**
 * Slack misbehaving for a while, then recovering: two replicas, a burst of /idea sent
 * while chat.postMessage fails. Every post must still arrive once the stand-in recovers.
 */
function slackErrorScenario(name: string, status: 429 | 500, ms: number, headers?: Record<string, string>): Scenario {
  return {
    name,
    timeoutMs: 150_000,
    run: (ctx) =>
      withEnvironment(async (env) => {
        const replicas = [await env.start("a"), await env.start("b")];
        await Promise.all(replicas.map((r) => r.ready(READY_TIMEOUT_MS)));
        // From now: the start-up posts (shift rotas) are out of the way, the burst's are not.
        env.slack.fail("chat.postMessage", ms, status, headers);
        const sent = await burst({ count: BURST, concurrency: 6, responseUrl: env.responseUrl, replicas: () => env.replicas });
        const refused = env.slack.calls.filter((c) => c.method === "chat.postMessage" && c.status === status).length;
        const { drained, counts } = await waitForOutboxDrained(env.db, Math.min(ctx.deadline - 5000, Date.now() + DRAIN_MS));
        ctx.log(`${refused} posts answered ${status}; outbox ${drained ? "drained" : "NOT drained"} ${JSON.stringify(counts)}`);
        const tally = await tallyIdeas(env.db, sent, env.slack.acceptedPosts());
        if (!drained) tally.notes.push(`outbox not drained by the deadline: ${JSON.stringify(counts)}`);
        if (refused === 0) tally.notes.push(`the stand-in never answered ${status}: the fault was not exercised`);
        return tally;
      }),
  };
}

export const rateLimitStormScenario = slackErrorScenario("429-storm-3s", 429, 3000, { "Retry-After": "1" });
export const serverErrorsScenario = slackErrorScenario("500s-for-5s", 500, 5000);
