/**
 * Platforms limit how fast a bot may post into one conversation (Slack: about one message a
 * second per channel; Teams: about seven a second per conversation). Different conversations
 * are independent, so posts to different ones may go out together; within one conversation
 * only the oldest waiting post may go, and only once the gap since the last one has passed,
 * so the order within a conversation is the order the posts were queued in.
 */
export const PACING_GAP_MS = { slack: 1_000, teams: Math.ceil(1_000 / 7) } as const;

export interface Waiting {
  id: number;
  channel: string;
}

export interface PacingPlan {
  /** Ids that may be sent now: at most one per channel, each its channel's oldest. */
  sendNow: number[];
  /** When the next held-back post may go (ms since epoch); undefined when nothing waits. */
  nextAt?: number;
}

/**
 * `waiting` is in queue order; `lastSentAt` holds when each channel last got a post (ms since
 * epoch, from the same clock as `now`).
 */
export function planSends(
  waiting: readonly Waiting[],
  lastSentAt: ReadonlyMap<string, number>,
  gapMs: number,
  now: number,
): PacingPlan {
  const seen = new Set<string>();
  const sendNow: number[] = [];
  let nextAt: number | undefined;
  for (const post of waiting) {
    const first = !seen.has(post.channel);
    seen.add(post.channel);
    const last = lastSentAt.get(post.channel);
    const dueAt = last === undefined ? now : last + gapMs;
    if (first && dueAt <= now) {
      sendNow.push(post.id);
      continue;
    }
    // A channel's second post waits one gap after the first one goes now.
    const at = first ? dueAt : Math.max(now, dueAt) + gapMs;
    nextAt = nextAt === undefined ? at : Math.min(nextAt, at);
  }
  return { sendNow, nextAt };
}
