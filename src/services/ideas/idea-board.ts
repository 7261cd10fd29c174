/**
 * The ideas board: every idea by status, narrowed by department, owner, age, votes and a
 * search of the title and the problem. Ideas are the whole company's (as `/ideas department`
 * lists any department's in chat), so the board is the same for everyone who reads it.
 * Each column is read with a cap and its count, so a board of thousands stays a few queries.
 */
import { IDEA_STATUSES, type IdeaStatus } from "../../domain/idea-lifecycle";
import { searchTermsOf } from "../../domain/similarity";
import type { Prisma, PrismaClient } from "../../generated/prisma/client";

export interface BoardFilters {
  departmentKey?: string;
  ownerId?: number;
  /** Filed more than this many days ago. */
  olderThanDays?: number;
  minVotes?: number;
  /** Words of the title or the problem. */
  search?: string;
}

export interface BoardIdea {
  id: number;
  title: string;
  status: IdeaStatus;
  departmentName: string;
  ownerName: string | null;
  votes: number;
  createdAt: Date;
}

export interface BoardColumn {
  status: IdeaStatus;
  ideas: BoardIdea[];
  /** Every idea of the status that the filters let through. */
  total: number;
}

/** The longest search the board reads; more says nothing a title would not. */
export const SEARCH_MAX = 200;
const DAY_MS = 24 * 60 * 60_000;

/**
 * The filters as one `where`: a search matches every search term of the text (the stored
 * `search_terms`, GIN-indexed, the same stemming that finds similar ideas) or the words as
 * typed inside the title or the problem, so that a search for part of a word still finds it.
 */
async function whereOf(prisma: PrismaClient, filters: BoardFilters, now: Date): Promise<Prisma.IdeaWhereInput> {
  const and: Prisma.IdeaWhereInput[] = [];
  if (filters.departmentKey) and.push({ department: { key: filters.departmentKey } });
  if (filters.ownerId) and.push({ ownerId: filters.ownerId });
  if (filters.olderThanDays) and.push({ createdAt: { lt: new Date(now.getTime() - filters.olderThanDays * DAY_MS) } });
  if (filters.minVotes && filters.minVotes > 0) {
    const voted = await prisma.ideaVote.groupBy({ by: ["ideaId"], having: { ideaId: { _count: { gte: filters.minVotes } } } });
    and.push({ id: { in: voted.map((v) => v.ideaId) } });
  }
  const search = filters.search?.trim().slice(0, SEARCH_MAX);
  if (search) {
    const terms = searchTermsOf(search);
    and.push({
      OR: [
        ...(terms.length ? [{ searchTerms: { hasEvery: terms } }] : []),
        { title: { contains: search, mode: "insensitive" } },
        { problem: { contains: search, mode: "insensitive" } },
      ],
    });
  }
  return { AND: and };
}

const boardSelect = {
  id: true,
  title: true,
  status: true,
  createdAt: true,
  department: { select: { name: true } },
  owner: { select: { name: true } },
  _count: { select: { votes: true } },
} as const;

function toBoardIdea(row: { id: number; title: string; status: IdeaStatus; createdAt: Date; department: { name: string }; owner: { name: string } | null; _count: { votes: number } }): BoardIdea {
  return { id: row.id, title: row.title, status: row.status, departmentName: row.department.name, ownerName: row.owner?.name ?? null, votes: row._count.votes, createdAt: row.createdAt };
}

/** Every status's column, newest first, at most `perColumn` ideas in each. */
export async function ideaBoard(prisma: PrismaClient, filters: BoardFilters, perColumn: number, now: Date = new Date()): Promise<BoardColumn[]> {
  const where = await whereOf(prisma, filters, now);
  return Promise.all(
    IDEA_STATUSES.map(async (status) => {
      const inColumn = { AND: [where, { status }] };
      const [rows, total] = await Promise.all([
        prisma.idea.findMany({ where: inColumn, orderBy: { id: "desc" }, take: perColumn, select: boardSelect }),
        prisma.idea.count({ where: inColumn }),
      ]);
      return { status, ideas: rows.map(toBoardIdea), total };
    }),
  );
}

/** One status's ideas a page at a time, for a column's "more". */
export async function ideaColumnPage(prisma: PrismaClient, filters: BoardFilters, status: IdeaStatus, page: number, pageSize: number, now: Date = new Date()): Promise<BoardColumn> {
  const where = { AND: [await whereOf(prisma, filters, now), { status }] };
  const [rows, total] = await Promise.all([
    prisma.idea.findMany({ where, orderBy: { id: "desc" }, skip: page * pageSize, take: pageSize, select: boardSelect }),
    prisma.idea.count({ where }),
  ]);
  return { status, ideas: rows.map(toBoardIdea), total };
}

/** The choices of the board's filters: the active departments, and the people who own ideas. */
export async function boardChoices(prisma: PrismaClient): Promise<{ departments: { key: string; name: string }[]; owners: { id: number; name: string }[] }> {
  const [departments, owners] = await Promise.all([
    prisma.department.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { key: true, name: true } }),
    prisma.employee.findMany({ where: { ideasOwned: { some: {} } }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
  ]);
  return { departments, owners };
}
