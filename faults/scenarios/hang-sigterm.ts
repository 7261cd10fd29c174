import { burst } from "../burst";
import { waitForOutboxDrained } from "../drain";
import { READY_TIMEOUT_MS, withEnvironment } from "../environment";
import { tallyIdeas } from "../tally";
import type { Scenario } from "./types";

const BURST = 20;
/** The issue's bound: SIGTERM exits within 15 s whatever Slack does. */
const EXIT_WITHIN_MS = 15_000;
const HANG_MS = 120_000;
const DRAIN_MS = 60_000;

const until = async (condition: () => boolean, deadline: number) => {
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return condition();
};

/**
 * Slack hangs (takes posts and never answers) while a replica holds work, and SIGTERM
 * arrives: the replica must exit, gracefully, within the bound instead of going on running.
 * Then Slack recovers and a fresh replica must post every idea exactly once: the hung
 * posts were never made, and the stopped replica's claims must not be lost.
 */
export const hangSigtermScenario: Scenario = {
  name: "sigterm-while-slack-hangs",
  timeoutMs: 150_000,
  run: (ctx) =>
    withEnvironment(async (env) => {
      const a = await env.start("a");
      await a.ready(READY_TIMEOUT_MS);
      env.slack.hang("chat.postMessage", HANG_MS);
      const sent = await burst({ count: BURST, concurrency: 4, responseUrl: env.responseUrl, replicas: () => [a] });
      const hanging = await until(() => env.slack.unanswered("chat.postMessage").some((c) => c.via === "a"), Date.now() + 20_000);
      const t0 = Date.now();
      a.child.kill("SIGTERM");
      const exited = await Promise.race([a.exited.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), EXIT_WITHIN_MS + 5000))]);
      const seconds = (Date.now() - t0) / 1000;
      const code = a.child.exitCode;
      ctx.log(`a ${exited ? `exited with code ${code} after ${seconds.toFixed(1)} s` : `still running ${seconds.toFixed(0)} s after SIGTERM`}`);
      if (!exited) await a.kill9();
      env.slack.recover();
      const b = await env.start("b");
      await b.ready(READY_TIMEOUT_MS);
      const { drained, counts } = await waitForOutboxDrained(env.db, Math.min(ctx.deadline - 5000, Date.now() + DRAIN_MS));
      ctx.log(`outbox ${drained ? "drained" : "NOT drained"} ${JSON.stringify(counts)}`);
      const tally = await tallyIdeas(env.db, sent, env.slack.acceptedPosts());
      // The stop itself is one more thing promised: an exit within the bound, code 0.
      tally.expected += 1;
      if (exited && seconds * 1000 <= EXIT_WITHIN_MS && code === 0) tally.delivered += 1;
      else {
        tally.lost += 1;
        tally.notes.push(`SIGTERM with Slack hanging: ${exited ? `exit code ${code} after ${seconds.toFixed(1)} s` : "did not exit"}, expected code 0 within ${EXIT_WITHIN_MS / 1000} s`);
      }
      if (!drained) tally.notes.push(`outbox not drained by the deadline: ${JSON.stringify(counts)}`);
      if (!hanging) tally.notes.push("no post was hanging at SIGTERM: the fault was not exercised");
      return tally;
    }),
};
