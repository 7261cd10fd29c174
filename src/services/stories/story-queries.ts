import type { PrismaClient } from "../../generated/prisma/client";
import type { StoryStatus } from "../../generated/prisma/enums";
import type { Tx } from "../deps";

export interface StoryPerson {
  id: number;
  name: string;
  email: string;
  slackUserId: string | null;
  teamsUserId: string | null;
  locale: string | null;
  departmentId: number | null;
}

const personSelect = { id: true, name: true, email: true, slackUserId: true, teamsUserId: true, locale: true, departmentId: true } as const;

/** Everything a story's posts and messages show. */
export interface StoryView {
  id: number;
  text: string;
  customerImpact: string | null;
  status: StoryStatus;
  author: StoryPerson;
  curator: StoryPerson | null;
  colleagues: StoryPerson[];
  department: { id: number; key: string; name: string } | null;
  sourceMessageUrl: string | null;
}

function findStories(prisma: PrismaClient | Tx, ids: readonly number[]) {
  return prisma.serviceStory.findMany({
    where: { id: { in: [...ids] } },
    include: {
      author: { select: personSelect },
      curator: { select: personSelect },
      department: { select: { id: true, key: true, name: true } },
      colleagues: { include: { employee: { select: personSelect } }, orderBy: { employeeId: "asc" } },
    },
  });
}

/** Stories' views in one query: the outbox renders a batch of posts at once. */
export async function loadStoryViews(prisma: PrismaClient | Tx, ids: readonly number[]): Promise<Map<number, StoryView>> {
  const rows = await findStories(prisma, ids);
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        text: row.text,
        customerImpact: row.customerImpact,
        status: row.status,
        author: row.author,
        curator: row.curator,
        colleagues: row.colleagues.map((c) => c.employee),
        department: row.department,
        sourceMessageUrl: row.sourceMessageUrl,
      },
    ]),
  );
}

export async function loadStoryView(prisma: PrismaClient | Tx, id: number): Promise<StoryView | undefined> {
  return (await loadStoryViews(prisma, [id])).get(id);
}

/** The active employees who curate stories, as the organisation file names them. */
export async function curatorsOf(prisma: PrismaClient | Tx, curatorEmails: readonly string[]): Promise<StoryPerson[]> {
  if (curatorEmails.length === 0) return [];
  return prisma.employee.findMany({
    where: { active: true, email: { in: curatorEmails.map((e) => e.toLowerCase()) } },
    select: personSelect,
    orderBy: { name: "asc" },
  });
}

/** Whether this email is one of the organisation's story curators. */
export function isCuratorEmail(curatorEmails: readonly string[], email: string): boolean {
  const lower = email.toLowerCase();
  return curatorEmails.some((c) => c.toLowerCase() === lower);
}
