import type { FormErrors } from "../../chat/form";
import { findSimilar, searchTermsOf } from "../../domain/similarity";
import type { Prisma } from "../../generated/prisma/client";
import { translator } from "../../i18n";
import { localeOf, type ServiceDeps, type Tx } from "../deps";
import { notice } from "./idea-messages";
import { notifyPerson } from "../notify";
import type { IdeaInput } from "./idea-input";
import {
  openIdeasSharingTerms,
  recordSubmittedIdea,
  recordUnlessTermsShared,
  type NewIdea,
  type RecordedIdea,
  type SimilarCandidate,
} from "../../store/idea-submissions";
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
  // `/idea <text>` needs no more than the one statement that records it, atomic by itself.
  const simple = !options.draftId && !options.confirmByMessage;
  // The similar ideas among candidates, kept as a draft when there are any.
  const similarAmong = async (candidates: SimilarCandidate[]): Promise<SubmitResult | undefined> => {
    const similar: IdeaSummary[] = findSimilar(terms, candidates).map(({ item }) => item);
    if (similar.length === 0) return undefined;
    const draft = await deps.prisma.ideaDraft.create({ data: { employeeId: proposer.id, payload: input as unknown as Prisma.InputJsonValue } });
    return { kind: "similar", draftId: draft.id, similar };
  };
  const newIdea: NewIdea = {
    ...input,
    proposerId: proposer.id,
    proposerDepartmentId: proposer.departmentId,
    searchTerms: terms,
    requestKey: options.requestKey,
    fallback: deps.organisation()?.ideas.reviewChannelFallback ?? {},
    platforms: deps.platforms,
  };
  // Usually no open idea shares a term with a new one: then the check and the record are one
  // round trip. Otherwise the candidates are scored as below, and the idea recorded apart.
  let recordedAlready: RecordedIdea | undefined;
  if (options.checkSimilar && simple) {
    const first = await recordUnlessTermsShared(deps.prisma, newIdea);
    if (typeof first === "object" && "candidates" in first) {
      const similar = await similarAmong(first.candidates);
      if (similar) return similar;
    } else {
      recordedAlready = first;
    }
  } else if (options.checkSimilar) {
    const similar = await similarAmong(await openIdeasSharingTerms(deps.prisma, terms));
    if (similar) return similar;
  }
  const record = async (tx: Tx): Promise<SubmitResult> => {
    if (options.draftId) {
      const consumed = await tx.ideaDraft.deleteMany({ where: { id: options.draftId, employeeId: proposer.id } });
      if (consumed.count === 0) return { kind: "draft-gone" };
    }
    const recorded = recordedAlready ?? (await recordSubmittedIdea(tx, newIdea));
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
  const result = simple ? await record(deps.prisma) : await deps.prisma.$transaction(record);
  if (result.kind === "saved") deps.outboxKick();
  return result;
}

/** The draft the proposer chose to submit despite similar ideas. */
export async function draftInput(deps: ServiceDeps, proposerId: number, draftId: string): Promise<IdeaInput | undefined> {
  const draft = await deps.prisma.ideaDraft.findFirst({ where: { id: draftId, employeeId: proposerId } });
  return draft ? (draft.payload as unknown as IdeaInput) : undefined;
}
