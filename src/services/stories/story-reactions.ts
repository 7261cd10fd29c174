/**
 * Reactions to published service stories: every emoji someone in the organisation puts on
 * one of a story's posts counts as appreciation of the story. A story is posted in several
 * places (the stories channel, the departments concerned), so a row is one person's one
 * emoji on the story, whichever post it was put on: the same person's same emoji on two of
 * its posts counts once. "Most appreciated" means the most distinct people who reacted, with
 * any emoji; ties go to more reactions in all, then to the story published first.
 */
import { z } from "zod";
import type { PrismaClient } from "../../generated/prisma/client";
import { handleOnce, type ServiceDeps, type Tx } from "../deps";
import type { PlatformName } from "../outbox";

/** A reaction as the platform adapters hand it in, already validated against the platform's payload. */
export interface ReactionChange {
  change: "added" | "removed";
  platform: PlatformName;
  /** The channel (conversation) of the message reacted to, as the platform names it. */
  channel: string;
  /** The message reacted to: Slack's ts, Teams' activity id, the web post's id. */
  messageId: string;
  /** Who reacted, by their id on the platform (on the web, their employee id). */
  userId: string;
  /** The emoji's name, e.g. "clap" or "+1::skin-tone-3". */
  emoji: string;
  /** The bot's own user id on the platform, when known: its reactions are not appreciation. */
  botUserId?: string;
  /** The platform request's key: a retry of a handled request changes nothing. */
  requestKey?: string;
}

export const reactionChangeSchema = z.object({
  change: z.enum(["added", "removed"]),
  platform: z.enum(["SLACK", "TEAMS", "WEB"]),
  channel: z.string().min(1).max(200),
  messageId: z.string().min(1).max(200),
  userId: z.string().min(1).max(200),
  emoji: z.string().min(1).max(200),
  botUserId: z.string().optional(),
  requestKey: z.string().max(300).optional(),
});

export type ReactionOutcome =
  | { kind: "counted"; storyId: number; inserted: boolean }
  | { kind: "uncounted"; storyId: number; deleted: boolean }
  | { kind: "ignored"; reason: "invalid" | "bot" | "stranger" | "not-a-story" }
  | { kind: "duplicate" };

/**
 * One emoji, whatever the skin tone: "+1::skin-tone-3" and "+1" are the same thumbs up, so a
 * person who changes tone is not counted twice.
 */
export function emojiKey(emoji: string): string {
  return emoji.replace(/::skin-tone-\d+$/, "");
}

/** Who a platform's user id names: on the web, people are known by their employee id. */
function personOn(platform: PlatformName, userId: string) {
  if (platform === "SLACK") return { slackUserId: userId };
  if (platform === "TEAMS") return { teamsUserId: userId };
  return { id: /^\d{1,9}$/.test(userId) ? Number(userId) : -1 };
}

/**
 * Counts (or uncounts) a reaction on a story's post. Anything else (a message that is not a
 * story's, someone outside the organisation, the bot itself) is ignored. Idempotent: the
 * row's key is (story, person, emoji), and a retried request is recognised by its key.
 */
export async function recordStoryReaction(deps: Pick<ServiceDeps, "prisma" | "outboxKick">, input: ReactionChange): Promise<ReactionOutcome> {
  const parsed = reactionChangeSchema.safeParse(input);
  if (!parsed.success) return { kind: "ignored", reason: "invalid" };
  const r = parsed.data;
  if (r.botUserId && r.userId === r.botUserId) return { kind: "ignored", reason: "bot" };
  const post = await deps.prisma.storyPost.findUnique({
    where: { platform_channel_messageId: { platform: r.platform, channel: r.channel, messageId: r.messageId } },
    select: { storyId: true, story: { select: { status: true } } },
  });
  if (!post || post.story.status !== "PUBLISHED") return { kind: "ignored", reason: "not-a-story" };
  const employee = await deps.prisma.employee.findFirst({
    where: { ...personOn(r.platform, r.userId), active: true },
    select: { id: true },
  });
  if (!employee) return { kind: "ignored", reason: "stranger" };
  const emoji = emojiKey(r.emoji);
  const key = { storyId: post.storyId, employeeId: employee.id, emoji };
  return handleOnce(
    deps,
    r.requestKey,
    async (tx: Tx): Promise<ReactionOutcome> => {
      if (r.change === "added") {
        // ON CONFLICT DO NOTHING: the same emoji on another of the story's posts, or a retry.
        const { count } = await tx.storyReaction.createMany({ data: [key], skipDuplicates: true });
        return { kind: "counted", storyId: post.storyId, inserted: count === 1 };
      }
      const { count } = await tx.storyReaction.deleteMany({ where: key });
      return { kind: "uncounted", storyId: post.storyId, deleted: count > 0 };
    },
    () => false,
  );
}

/** How much a story was appreciated. */
export interface Appreciation {
  storyId: number;
  publishedAt: Date;
  /** Distinct people who reacted, with any emoji. */
  people: number;
  /** Reactions in all (one per person and emoji). */
  reactions: number;
}

/** Most appreciated first: more people, then more reactions, then published earlier. */
export function byAppreciation(a: Appreciation, b: Appreciation): number {
  return b.people - a.people || b.reactions - a.reactions || a.publishedAt.getTime() - b.publishedAt.getTime() || a.storyId - b.storyId;
}

export interface RankingWindow {
  /** Stories published in [from, to). */
  from: Date;
  to: Date;
  /** Only reactions made at or before this instant count (a late run judges the week as it stood). */
  reactedUntil?: Date;
  /** Leave out stories already chosen as a story of the week. */
  unchosenOnly?: boolean;
}

/** The published stories of a window, most appreciated first (those without reactions last, 0 and 0). */
export async function rankStories(prisma: PrismaClient | Tx, window: RankingWindow): Promise<Appreciation[]> {
  const stories = await prisma.serviceStory.findMany({
    where: {
      status: "PUBLISHED",
      publishedAt: { gte: window.from, lt: window.to },
      ...(window.unchosenOnly ? { storyOfWeek: null } : {}),
    },
    select: { id: true, publishedAt: true },
  });
  if (stories.length === 0) return [];
  const perPerson = await prisma.storyReaction.groupBy({
    by: ["storyId", "employeeId"],
    where: { storyId: { in: stories.map((s) => s.id) }, ...(window.reactedUntil ? { createdAt: { lte: window.reactedUntil } } : {}) },
    _count: { _all: true },
  });
  const counts = new Map<number, { people: number; reactions: number }>();
  for (const row of perPerson) {
    const c = counts.get(row.storyId) ?? { people: 0, reactions: 0 };
    c.people += 1;
    c.reactions += row._count._all;
    counts.set(row.storyId, c);
  }
  return stories
    .map((s) => ({ storyId: s.id, publishedAt: s.publishedAt!, people: counts.get(s.id)?.people ?? 0, reactions: counts.get(s.id)?.reactions ?? 0 }))
    .sort(byAppreciation);
}

/** A story's appreciation as it stands. */
export async function appreciationOf(prisma: PrismaClient | Tx, storyId: number): Promise<{ people: number; reactions: number }> {
  const rows = await prisma.storyReaction.groupBy({ by: ["employeeId"], where: { storyId }, _count: { _all: true } });
  return { people: rows.length, reactions: rows.reduce((sum, r) => sum + r._count._all, 0) };
}
