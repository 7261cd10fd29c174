import type { Message } from "../chat/message";
import type { Prisma, PrismaClient } from "../generated/prisma/client";

export type PlatformName = "SLACK" | "TEAMS" | "WEB";

/** Where a post goes: a channel, or a person's direct conversation with the bot. */
export type Recipient = { channel: string } | { user: string };

/**
 * A message whose content is rendered when it is sent, from the database as it is then, so
 * a card posted after a decision (or updated in place) never shows a stale state.
 */
export interface LiveViewRef {
  subject: string;
  id: number;
  purpose: string;
}

export type OutboxPayload =
  | { kind: "post"; to: Recipient; message: Message }
  | { kind: "post-live"; to: Recipient; view: LiveViewRef }
  /** Re-render every post of a subject in place. */
  | { kind: "refresh"; subject: string; id: number };

export interface OutboxEntry {
  platform: PlatformName;
  /** Same key, same message: a retried request or a second replica never posts twice. */
  dedupeKey: string;
  payload: OutboxPayload;
}

type Tx = Prisma.TransactionClient | PrismaClient;

/** The conversation (or the subject to refresh) a message is for: posts to one are paced. */
export function targetOf(payload: OutboxPayload): string {
  if (payload.kind === "refresh") return `${payload.subject}:${payload.id}`;
  return "channel" in payload.to ? payload.to.channel : payload.to.user;
}

/** Writes messages to send, in the caller's transaction: they exist only if the change does. */
export async function enqueue(tx: Tx, entries: readonly OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.outboxMessage.createMany({
    data: entries.map((entry) => ({
      platform: entry.platform,
      dedupeKey: entry.dedupeKey,
      target: targetOf(entry.payload),
      payload: entry.payload as unknown as Prisma.InputJsonValue,
      nextAttemptAt: new Date(),
    })),
    skipDuplicates: true,
  });
}
