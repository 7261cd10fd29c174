/**
 * Posting on the web surface: a post is a row of web_posts, read by the channel view and by
 * the person's home. The outbox row's id is kept with it, so a retry after a crash finds the
 * post it already made instead of making a second one.
 */
import type { Prisma, PrismaClient } from "../../generated/prisma/client";
import type { Recipient } from "../../services/outbox";
import type { ChatDelivery, PostedMessage } from "../../services/outbox-worker";
import type { Message } from "../message";

const targetOf = (to: Recipient) => ("channel" in to ? to.channel : to.user);

const payloadOf = (message: Message) => message as unknown as Prisma.InputJsonObject;

export function webDelivery(prisma: PrismaClient): ChatDelivery {
  const posted = (row: { id: number; target: string }): PostedMessage => ({ channel: row.target, messageId: String(row.id) });
  return {
    platform: "WEB",
    async post(to, message, outboxId) {
      const target = targetOf(to);
      if (outboxId === undefined) return posted(await prisma.webPost.create({ data: { target, payload: payloadOf(message) } }));
      // The same outbox row posts once, however many attempts it takes.
      const row = await prisma.webPost.upsert({ where: { outboxId }, create: { target, payload: payloadOf(message), outboxId }, update: {} });
      return posted(row);
    },
    async update(_channel, messageId, message) {
      await prisma.webPost.updateMany({ where: { id: Number(messageId) }, data: { payload: payloadOf(message), updatedAt: new Date() } });
    },
    async findPosted(_to, outboxId) {
      const row = await prisma.webPost.findUnique({ where: { outboxId } });
      return row ? posted(row) : undefined;
    },
  };
}
