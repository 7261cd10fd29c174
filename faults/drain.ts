import { outboxStatusCounts, type ScratchDatabase } from "./database";

/**
 * Waits until every outbox row is SENT or FAILED, or the deadline passes. A replica killed
 * with rows claimed leaves them SENDING until their lease (FAULT_TIMING's, in ./replicas)
 * runs out, so the deadline must be longer than that. Returns the last counts seen.
 */
export async function waitForOutboxDrained(db: ScratchDatabase, deadline: number, settleMs = 1500): Promise<{ drained: boolean; counts: Record<string, number> }> {
  let counts: Record<string, number> = {};
  while (Date.now() < deadline) {
    counts = await outboxStatusCounts(db);
    if (!counts.PENDING && !counts.SENDING) {
      // Settle: a post sent just now may still be on its way to the stand-in's record, and
      // a request acknowledged late may enqueue one more row.
      await new Promise((r) => setTimeout(r, settleMs));
      counts = await outboxStatusCounts(db);
      if (!counts.PENDING && !counts.SENDING) return { drained: true, counts };
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { drained: false, counts };
}
