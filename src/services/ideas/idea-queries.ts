import { OPEN_STATUSES, type IdeaStatus } from "../../domain/idea-lifecycle";
import type { Prisma, PrismaClient } from "../../generated/prisma/client";
import type { Tx } from "../deps";
import type { CountedTheme } from "../../domain/idea-themes";
import { ideaComplaintThemes } from "./idea-complaint-themes";

export interface Person {
  id: number;
  name: string;
  slackUserId: string | null;
  teamsUserId: string | null;
  locale: string | null;
}

const personSelect = { id: true, name: true, slackUserId: true, teamsUserId: true, locale: true } as const;

/** Everything a card about one idea shows. */
export interface IdeaView {
  id: number;
  title: string;
  problem: string | null;
  proposal: string | null;
  status: IdeaStatus;
  anonymous: boolean;
  department: { id: number; key: string; name: string; slackChannel: string | null };
  proposer: Person;
  owner: Person | null;
  targetDate: Date | null;
  rejectionReason: string | null;
  mergedIntoId: number | null;
  sourceMessageUrl: string | null;
  votes: number;
  lastDecision: { status: IdeaStatus; by: string | null; at: Date } | null;
  comments: { author: Person; byProposer: boolean; text: string; at: Date }[];
  /** The department's recurring complaint themes of the last weeks that the idea's words cover. */
  themes: CountedTheme[];
}

function ideaInclude() {
  return {
    department: { select: { id: true, key: true, name: true, slackChannel: true } },
    proposer: { select: personSelect },
    owner: { select: personSelect },
    _count: { select: { votes: true } },
    events: { where: { fromStatus: { not: null } }, orderBy: { id: "desc" }, take: 1, include: { actor: { select: { name: true } } } },
    comments: { orderBy: { id: "desc" }, take: 4, include: { author: { select: personSelect } } },
  } as const;
}

function findIdeas(prisma: PrismaClient | Tx, ids: readonly number[]) {
  return prisma.idea.findMany({ where: { id: { in: [...ids] } }, include: ideaInclude() });
}

type IdeaRow = Awaited<ReturnType<typeof findIdeas>>[number];

/** Ideas' views in one query: the outbox renders a batch of cards at once. */
export async function loadIdeaViews(prisma: PrismaClient | Tx, ids: readonly number[], now: Date = new Date()): Promise<Map<number, IdeaView>> {
  const ideas = await findIdeas(prisma, ids);
  const themes = await ideaComplaintThemes(prisma, ideas, now);
  return new Map(ideas.map((idea) => [idea.id, toView(idea, themes.get(idea.id) ?? [])]));
}

function toView(idea: IdeaRow, themes: CountedTheme[]): IdeaView {
  const event = idea.events[0];
  return {
    id: idea.id,
    title: idea.title,
    problem: idea.problem,
    proposal: idea.proposal,
    status: idea.status,
    anonymous: idea.anonymous,
    department: idea.department,
    proposer: idea.proposer,
    owner: idea.owner,
    targetDate: idea.targetDate,
    rejectionReason: idea.rejectionReason,
    mergedIntoId: idea.mergedIntoId,
    sourceMessageUrl: idea.sourceMessageUrl,
    votes: idea._count.votes,
    lastDecision: event ? { status: event.toStatus, by: event.actor?.name ?? null, at: event.createdAt } : null,
    comments: idea.comments
      .reverse()
      .map((c) => ({ author: c.author, byProposer: c.authorId === idea.proposerId, text: c.text, at: c.createdAt })),
    themes,
  };
}

/** One line of a list of ideas. */
export interface IdeaSummary {
  id: number;
  title: string;
  status: IdeaStatus;
  departmentName: string;
  votes: number;
}

export type IdeaFilter =
  | { kind: "open" }
  | { kind: "mine" }
  /** A department by key; the viewer's own when absent. */
  | { kind: "department"; key?: string }
  | { kind: "top" }
  | { kind: "status"; status: IdeaStatus }
  | { kind: "queue" }
  | { kind: "owned" };

export interface Viewer {
  employeeId: number;
  departmentId: number | null;
  isAdmin: boolean;
  managerOf: readonly number[];
}

function whereOf(filter: IdeaFilter, viewer: Viewer): Prisma.IdeaWhereInput {
  switch (filter.kind) {
    case "open":
    case "top":
      return { status: { in: [...OPEN_STATUSES] } };
    case "mine":
      // Anonymous ideas are listed for their proposer only, never in anyone else's "mine".
      return { proposerId: viewer.employeeId };
    case "department":
      return filter.key ? { department: { key: filter.key } } : { departmentId: viewer.departmentId ?? -1 };
    case "status":
      return { status: filter.status };
    case "queue":
      return { status: "SUBMITTED", ...(viewer.isAdmin ? {} : { departmentId: { in: [...viewer.managerOf] } }) };
    case "owned":
      return { ownerId: viewer.employeeId, status: { in: ["APPROVED", "IN_PROGRESS"] } };
  }
}

export async function listIdeas(
  prisma: PrismaClient,
  filter: IdeaFilter,
  viewer: Viewer,
  page: number,
  pageSize: number,
): Promise<{ items: IdeaSummary[]; total: number }> {
  const where = whereOf(filter, viewer);
  const orderBy: Prisma.IdeaOrderByWithRelationInput[] =
    filter.kind === "top" ? [{ votes: { _count: "desc" } }, { id: "desc" }] : [{ id: "desc" }];
  const [rows, total] = await Promise.all([
    prisma.idea.findMany({
      where,
      orderBy,
      skip: page * pageSize,
      take: pageSize,
      select: { id: true, title: true, status: true, department: { select: { name: true } }, _count: { select: { votes: true } } },
    }),
    prisma.idea.count({ where }),
  ]);
  return {
    items: rows.map((r) => ({ id: r.id, title: r.title, status: r.status, departmentName: r.department.name, votes: r._count.votes })),
    total,
  };
}

export async function viewerOf(prisma: PrismaClient, employeeId: number): Promise<Viewer> {
  const e = await prisma.employee.findUniqueOrThrow({
    where: { id: employeeId },
    select: { id: true, departmentId: true, isAdmin: true, managerOf: { select: { departmentId: true } } },
  });
  return { employeeId: e.id, departmentId: e.departmentId, isAdmin: e.isAdmin, managerOf: e.managerOf.map((m) => m.departmentId) };
}
