/**
 * The stories wall: the published stories, newest first, a page at a time, each with how
 * it was appreciated (counted as the story of the week and the quarter's top count it, see
 * story-reactions.ts) and where it was posted on the web, so that it can be appreciated from
 * the wall as from the channel. The story of the week shown is the latest week's that has one.
 */
import type { PrismaClient } from "../../generated/prisma/client";
import { storyOfTheWeek, type StoryOfTheWeekSummary } from "./story-of-week";

export interface WallStory {
  id: number;
  text: string;
  customerImpact: string | null;
  authorName: string;
  colleagueNames: string[];
  departmentName: string | null;
  publishedAt: Date;
  /** The ISO week it was the story of, e.g. "2026-W47". */
  storyOfWeek: string | null;
  people: number;
  reactions: number;
  /** Its post on the web (the first, the stories channel's), whose reaction buttons the wall shows. */
  webPost: { target: string; postId: number } | null;
}

export interface WallPage {
  stories: WallStory[];
  total: number;
}

export async function storyWall(prisma: PrismaClient, page: number, pageSize: number): Promise<WallPage> {
  const where = { status: "PUBLISHED" as const, publishedAt: { not: null } };
  const [rows, total] = await Promise.all([
    prisma.serviceStory.findMany({
      where,
      orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
      skip: page * pageSize,
      take: pageSize,
      select: {
        id: true,
        text: true,
        customerImpact: true,
        publishedAt: true,
        storyOfWeek: true,
        author: { select: { name: true } },
        department: { select: { name: true } },
        colleagues: { select: { employee: { select: { name: true } } }, orderBy: { employeeId: "asc" } },
        posts: { where: { platform: "WEB" }, orderBy: { id: "asc" }, take: 1, select: { channel: true, messageId: true } },
      },
    }),
    prisma.serviceStory.count({ where }),
  ]);
  const perPerson = await prisma.storyReaction.groupBy({ by: ["storyId", "employeeId"], where: { storyId: { in: rows.map((r) => r.id) } }, _count: { _all: true } });
  const counts = new Map<number, { people: number; reactions: number }>();
  for (const row of perPerson) {
    const c = counts.get(row.storyId) ?? { people: 0, reactions: 0 };
    c.people += 1;
    c.reactions += row._count._all;
    counts.set(row.storyId, c);
  }
  return {
    total,
    stories: rows.map((r) => {
      const post = r.posts[0];
      return {
        id: r.id,
        text: r.text,
        customerImpact: r.customerImpact,
        authorName: r.author.name,
        colleagueNames: r.colleagues.map((c) => c.employee.name),
        departmentName: r.department?.name ?? null,
        publishedAt: r.publishedAt!,
        storyOfWeek: r.storyOfWeek,
        people: counts.get(r.id)?.people ?? 0,
        reactions: counts.get(r.id)?.reactions ?? 0,
        webPost: post && /^\d{1,12}$/.test(post.messageId) ? { target: post.channel, postId: Number(post.messageId) } : null,
      };
    }),
  };
}

/** The most recent story of the week, with the week it was chosen for. */
export async function latestStoryOfTheWeek(prisma: PrismaClient): Promise<(StoryOfTheWeekSummary & { isoWeek: string }) | undefined> {
  const latest = await prisma.serviceStory.findFirst({ where: { storyOfWeek: { not: null } }, orderBy: { storyOfWeek: "desc" }, select: { storyOfWeek: true } });
  if (!latest?.storyOfWeek) return undefined;
  const story = await storyOfTheWeek(prisma, latest.storyOfWeek);
  return story && { ...story, isoWeek: latest.storyOfWeek };
}
