/**
 * Everything the console's page of one idea shows: the idea, its whole history, its votes,
 * its comments, the complaint themes of its department that it speaks to, and what the
 * reader may do with it. Anonymity is kept here, before any platform sees the data: the
 * proposer of an anonymous idea is never named, not even where they acted (filing it, or
 * answering a question), to anyone, managers included, as on the chat's cards.
 */
import { isOpen, mayDecide, mayProgress, type Actor, type IdeaStatus } from "../../domain/idea-lifecycle";
import type { CountedTheme } from "../../domain/idea-themes";
import type { PrismaClient } from "../../generated/prisma/client";
import { ideaComplaintThemes, THEME_WEEKS } from "./idea-complaint-themes";

/** Who did something: a person by name, the anonymous proposer, or nobody recorded. */
export type IdeaActor = { kind: "person"; name: string } | { kind: "anonymous" } | { kind: "nobody" };

export interface IdeaPage {
  id: number;
  title: string;
  problem: string | null;
  proposal: string | null;
  status: IdeaStatus;
  department: { id: number; key: string; name: string };
  proposer: IdeaActor;
  owner: string | null;
  targetDate: Date | null;
  rejectionReason: string | null;
  mergedIntoId: number | null;
  createdAt: Date;
  votes: number;
  /** Whether the reader's vote is among them. */
  voted: boolean;
  history: { from: IdeaStatus | null; to: IdeaStatus; by: IdeaActor; note: string | null; at: Date }[];
  comments: { by: IdeaActor; byProposer: boolean; text: string; at: Date }[];
  /** The department's recurring complaint themes of the last weeks that the idea's words cover. */
  themes: CountedTheme[];
  themeWeeks: number;
  /** What the reader may do; the server checks each action again when it is taken. */
  may: { vote: boolean; decide: boolean; progress: boolean };
}

export async function ideaPage(prisma: PrismaClient, ideaId: number, reader: Actor, now: Date = new Date()): Promise<IdeaPage | undefined> {
  const idea = await prisma.idea.findUnique({
    where: { id: ideaId },
    include: {
      department: { select: { id: true, key: true, name: true } },
      proposer: { select: { name: true } },
      owner: { select: { name: true } },
      _count: { select: { votes: true } },
      events: { orderBy: { id: "asc" }, include: { actor: { select: { name: true } } } },
      comments: { orderBy: { id: "asc" }, include: { author: { select: { name: true } } } },
    },
  });
  if (!idea) return undefined;
  const actor = (id: number | null, name: string | undefined): IdeaActor =>
    idea.anonymous && id === idea.proposerId ? { kind: "anonymous" } : name ? { kind: "person", name } : { kind: "nobody" };
  const [voted, themes] = await Promise.all([
    prisma.ideaVote.count({ where: { ideaId, employeeId: reader.employeeId } }),
    ideaComplaintThemes(prisma, [idea], now),
  ]);
  return {
    id: idea.id,
    title: idea.title,
    problem: idea.problem,
    proposal: idea.proposal,
    status: idea.status,
    department: idea.department,
    proposer: actor(idea.proposerId, idea.proposer.name),
    owner: idea.owner?.name ?? null,
    targetDate: idea.targetDate,
    rejectionReason: idea.rejectionReason,
    mergedIntoId: idea.mergedIntoId,
    createdAt: idea.createdAt,
    votes: idea._count.votes,
    voted: voted > 0,
    history: idea.events.map((e) => ({ from: e.fromStatus, to: e.toStatus, by: actor(e.actorId, e.actor?.name), note: e.note, at: e.createdAt })),
    comments: idea.comments.map((c) => ({ by: actor(c.authorId, c.author.name), byProposer: c.authorId === idea.proposerId, text: c.text, at: c.createdAt })),
    themes: themes.get(idea.id) ?? [],
    themeWeeks: THEME_WEEKS,
    may: { vote: isOpen(idea.status), decide: mayDecide(reader, idea), progress: mayProgress(reader, idea) },
  };
}
