import type { FormErrors } from "../../chat/form";
import { findSimilar, searchTermsOf } from "../../domain/similarity";
import type { Prisma } from "../../generated/prisma/client";
import { translator } from "../../i18n";
import { claimRequest, localeOf, type ServiceDeps, type Tx } from "../deps";
import { notice } from "./idea-messages";
import { notifyPerson, postLive } from "../notify";
import type { IdeaInput } from "./idea-input";
import { openIdeasSharingTerms, type IdeaSummary } from "./idea-queries";

export interface Proposer {
  id: number;
  departmentId: number | null;
  slackUserId: string | null;
  teamsUserId: string | null;
  locale: string | null;
}

export type SubmitResult =
  | { kind: "saved"; idea: { id: number; anonymous: boolean }; departmentName: string }
  | { kind: "similar"; draftId: string; similar: IdeaSummary[] }
  /** A platform retry of a request already handled: nothing was done again. */
  | { kind: "duplicate" }
  | { kind: "draft-gone" }
  | { kind: "invalid"; errors: FormErrors };

const DRAFT_LIFETIME_MS = 24 * 60 * 60_000;

export function termsOfIdea(input: Pick<IdeaInput, "title" | "problem" | "proposal">): string[] {
  return searchTermsOf([input.title, input.problem, input.proposal].filter(Boolean).join("\n"));
}

async function departmentFor(tx: Tx, input: IdeaInput, proposer: Proposer) {
  if (input.departmentKey) return tx.department.findFirst({ where: { key: input.departmentKey, active: true } });
  if (proposer.departmentId) return tx.department.findUnique({ where: { id: proposer.departmentId } });
  return null;
}

/**
 * Records an idea, or, when open ideas look like it, keeps it as a draft and returns them so
 * the proposer can upvote one instead. The idea, its first event and its review post are
 * written in one transaction.
 */
export async function submitIdea(
  deps: ServiceDeps,
  proposer: Proposer,
  input: IdeaInput,
  options: { requestKey?: string; checkSimilar: boolean; confirmByMessage: boolean; draftId?: string },
): Promise<SubmitResult> {
  const terms = termsOfIdea(input);
  if (options.checkSimilar) {
    const candidates = await openIdeasSharingTerms(deps.prisma, terms);
    const similar = findSimilar(terms, candidates).map((match) => match.item.summary);
    if (similar.length > 0) {
      const draft = await deps.prisma.$transaction(async (tx) => {
        await tx.ideaDraft.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - DRAFT_LIFETIME_MS) } } });
        return tx.ideaDraft.create({ data: { employeeId: proposer.id, payload: input as unknown as Prisma.InputJsonValue } });
      });
      return { kind: "similar", draftId: draft.id, similar };
    }
  }
  const result = await deps.prisma.$transaction(async (tx): Promise<SubmitResult> => {
    if (!(await claimRequest(tx, options.requestKey))) return { kind: "duplicate" };
    if (options.draftId) {
      const consumed = await tx.ideaDraft.deleteMany({ where: { id: options.draftId, employeeId: proposer.id } });
      if (consumed.count === 0) return { kind: "draft-gone" };
    }
    const department = await departmentFor(tx, input, proposer);
    if (!department) {
      return { kind: "invalid", errors: { department: translator(localeOf(deps, proposer))("ideas.error.departmentUnknown") } };
    }
    const idea = await tx.idea.create({
      data: {
        title: input.title,
        problem: input.problem,
        proposal: input.proposal,
        departmentId: department.id,
        proposerId: proposer.id,
        anonymous: input.anonymous,
        sourceMessageUrl: input.sourceMessageUrl,
        searchTerms: terms,
        events: { create: { actorId: proposer.id, toStatus: "SUBMITTED" } },
      },
      select: { id: true, anonymous: true, title: true },
    });
    const fallback = deps.organisation()?.ideas.reviewChannelFallback;
    await postLive(
      tx,
      deps,
      { SLACK: department.slackChannel ?? fallback?.slack, TEAMS: department.teamsChannel ?? fallback?.teams },
      `idea:${idea.id}:review`,
      { subject: "idea", id: idea.id, purpose: "review" },
    );
    if (options.confirmByMessage) {
      await notifyPerson(tx, deps, proposer, `idea:${idea.id}:submitted`, (locale) =>
        notice(locale, translator(locale)("ideas.notify.submitted", { number: idea.id, title: idea.title })),
      );
    }
    return { kind: "saved", idea, departmentName: department.name };
  });
  if (result.kind === "saved") deps.outboxKick();
  return result;
}

/** The draft the proposer chose to submit despite similar ideas. */
export async function draftInput(deps: ServiceDeps, proposerId: number, draftId: string): Promise<IdeaInput | undefined> {
  const draft = await deps.prisma.ideaDraft.findFirst({ where: { id: draftId, employeeId: proposerId } });
  return draft ? (draft.payload as unknown as IdeaInput) : undefined;
}

/** The proposer upvoted a similar idea instead: their draft is dropped. */
export async function dropDraft(deps: ServiceDeps, proposerId: number, draftId: string): Promise<void> {
  await deps.prisma.ideaDraft.deleteMany({ where: { id: draftId, employeeId: proposerId } });
}
