import { isOpen, type IdeaStatus } from "../../domain/idea-lifecycle";
import { translator, type Locale } from "../../i18n";
import { statusName } from "./idea-messages";
import { handleOnce, type ServiceDeps } from "../deps";
import { refreshPosts } from "../notify";

export type VoteResult =
  | { kind: "voted" | "unvoted"; ideaId: number; votes: number }
  | { kind: "not-found" }
  | { kind: "closed"; status: IdeaStatus }
  | { kind: "duplicate" };

/**
 * One vote per person: a click adds it or takes it back. A proposer who upvotes a similar
 * idea instead of their draft (`insteadOfDraft`) only adds the vote, and the draft goes in
 * the same transaction, so that neither outlives the other. Every post of the idea is then
 * updated with the new count.
 */
export async function voteOnIdea(
  deps: ServiceDeps,
  request: { ideaId: number; employeeId: number; requestKey?: string; insteadOfDraft?: string },
): Promise<VoteResult> {
  return handleOnce(
    deps,
    request.requestKey,
    async (tx): Promise<VoteResult> => {
      const idea = await tx.idea.findUnique({ where: { id: request.ideaId }, select: { id: true, status: true } });
      if (!idea) return { kind: "not-found" };
      if (!isOpen(idea.status)) return { kind: "closed", status: idea.status };
      const key = { ideaId: idea.id, employeeId: request.employeeId };
      let kind: "voted" | "unvoted" = "voted";
      if (request.insteadOfDraft) {
        await tx.ideaVote.createMany({ data: [key], skipDuplicates: true });
        await tx.ideaDraft.deleteMany({ where: { id: request.insteadOfDraft, employeeId: request.employeeId } });
      } else {
        const removed = await tx.ideaVote.deleteMany({ where: key });
        if (removed.count === 0) await tx.ideaVote.createMany({ data: [key], skipDuplicates: true });
        else kind = "unvoted";
      }
      const votes = await tx.ideaVote.count({ where: { ideaId: idea.id } });
      await refreshPosts(tx, deps, "idea", idea.id, `idea:${idea.id}:refresh:vote:${request.requestKey ?? crypto.randomUUID()}`);
      return { kind, ideaId: idea.id, votes };
    },
    (result) => result.kind === "voted" || result.kind === "unvoted",
  );
}

/** A voter no longer wants to hear about this idea. */
export async function muteIdeaUpdates(deps: ServiceDeps, ideaId: number, employeeId: number): Promise<void> {
  await deps.prisma.ideaVote.updateMany({ where: { ideaId, employeeId }, data: { mutedUpdates: true } });
}

/** What a vote did, in the voter's language; nothing for a retry already answered. */
export function voteOutcomeText(locale: Locale, result: VoteResult, ideaId: number): string | undefined {
  const tr = translator(locale);
  switch (result.kind) {
    case "voted":
      return tr("ideas.upvoted", { number: ideaId });
    case "unvoted":
      return tr("ideas.unvoted", { number: ideaId });
    case "closed":
      return tr("ideas.error.closed", { number: ideaId, status: statusName(locale, result.status) });
    case "not-found":
      return tr("ideas.error.notFound", { number: ideaId });
    case "duplicate":
      return undefined;
  }
}
