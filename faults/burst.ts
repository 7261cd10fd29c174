import { sendIdea, SLACK_USERS, type SentIdea } from "./ideas";
import type { Replica } from "./replicas";

/**
 * A burst of /idea commands spread over the replicas that are up, the way a load balancer
 * spreads them: round-robin over the live ones. A request caught by a replica's death
 * fails (status 0) and is not retried, as Slack would not retry a timed-out command
 * reliably either; the tally only owes a post for what was acknowledged or stored.
 */
export interface BurstOptions {
  count: number;
  /** Requests in flight at once: enough to keep both replicas' outbox busy, small for 2 cores. */
  concurrency: number;
  responseUrl: string;
  /** The replicas to spread over; a replica that has exited is skipped. */
  replicas: () => readonly Replica[];
  /** Called once, when `at` requests have been started (the moment to inject a fault). */
  onProgress?: { at: number; run: () => void | Promise<void> };
}

const alive = (r: Replica) => r.child.exitCode === null && r.child.signalCode === null && !r.child.killed;

export async function burst(options: BurstOptions): Promise<SentIdea[]> {
  const sent: SentIdea[] = [];
  let started = 0;
  let fired = false;
  const worker = async () => {
    while (started < options.count) {
      const i = started++;
      if (!fired && options.onProgress && i >= options.onProgress.at) {
        fired = true;
        await options.onProgress.run();
      }
      const live = options.replicas().filter(alive);
      const replica = live[i % Math.max(1, live.length)];
      if (!replica) {
        // No replica is up: nothing to send to; wait for one rather than dropping the request.
        started--;
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      sent.push(await sendIdea(replica.baseUrl, replica.name, SLACK_USERS[i % SLACK_USERS.length]!, options.responseUrl));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return sent;
}
