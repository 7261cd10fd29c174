import type { FormErrors } from "../../chat/form";
import { findSimilar, searchTermsOf } from "../../domain/similarity";
import type { Prisma } from "../../generated/prisma/client";
import { translator } from "../../i18n";
import { localeOf, type ServiceDeps, type Tx } from "../deps";
import { notice } from "./idea-messages";
import { notifyPerson } from "../notify";
import type { IdeaInput } from "./idea-input";
import { openIdeasSharingTerms, recordSubmittedIdea, type NewIdea } from "../../store/idea-submissions";
import type { IdeaSummary } from "./idea-queries";

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

export function termsOfIdea(input: Pick<IdeaInput, "title" | "problem" | "proposal">): string[] {
  return searchTermsOf([input.title, input.problem, input.proposal].filter(Boolean).join("\n"));
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
    const similar: IdeaSummary[] = findSimilar(terms, candidates).map(({ item }) => item);
    if (similar.length > 0) {
      const draft = await deps.prisma.ideaDraft.create({ data: { employeeId: proposer.id, payload: input as unknown as Prisma.InputJsonValue } });
      return { kind: "similar", draftId: draft.id, similar };
    }
  }
  const newIdea: NewIdea = {
    ...input,
    proposerId: proposer.id,
    proposerDepartmentId: proposer.departmentId,
    searchTerms: terms,
    requestKey: options.requestKey,
    fallback: deps.organisation()?.ideas.reviewChannelFallback ?? {},
    platforms: deps.platforms,
  };
  const record = async (tx: Tx): Promise<SubmitResult> => {
    if (options.draftId) {
      const consumed = await tx.ideaDraft.deleteMany({ where: { id: options.draftId, employeeId: proposer.id } });
      if (consumed.count === 0) return { kind: "draft-gone" };
    }
    const recorded = await recordSubmittedIdea(tx, newIdea);
    if (recorded === "duplicate") return { kind: "duplicate" };
    if (recorded === "no-department") {
      return { kind: "invalid", errors: { department: translator(localeOf(deps, proposer))("ideas.error.departmentUnknown") } };
    }
    if (options.confirmByMessage) {
      await notifyPerson(tx, deps, proposer, `idea:${recorded.id}:submitted`, (locale) =>
        notice(locale, translator(locale)("ideas.notify.submitted", { number: recorded.id, title: recorded.title })),
      );
    }
    return { kind: "saved", idea: recorded, departmentName: recorded.departmentName };
  };
  // `/idea <text>` needs no more than the one statement, which is atomic by itself.
  const simple = !options.draftId && !options.confirmByMessage;
  const result = simple ? await record(deps.prisma) : await deps.prisma.$transaction(record);
  if (result.kind === "saved") deps.outboxKick();
  return result;
}

/** The draft the proposer chose to submit despite similar ideas. */
export async function draftInput(deps: ServiceDeps, proposerId: number, draftId: string): Promise<IdeaInput | undefined> {
  const draft = await deps.prisma.ideaDraft.findFirst({ where: { id: draftId, employeeId: proposerId } });
  return draft ? (draft.payload as unknown as IdeaInput) : undefined;
}
