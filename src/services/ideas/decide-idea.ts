import type { FormErrors } from "../../chat/form";
import { ACTION_TARGET, canTransition, isOpen, mayAct, type IdeaAction, type IdeaStatus } from "../../domain/idea-lifecycle";
import { translator } from "../../i18n";
import { actorOf, handleOnce, localeOf, type ServiceDeps, type Tx } from "../deps";
import { notifyPerson, refreshPosts } from "../notify";
import { notifyTransition } from "./idea-notifications";
import { IDEA_ACTIONS, notice } from "./idea-messages";

export type Refusal =
  | { kind: "not-found" }
  | { kind: "forbidden"; action: IdeaAction | "reply"; departmentName: string }
  /** Someone else moved the idea first (a double click, two managers at once). */
  | { kind: "already"; status: IdeaStatus; by: string | null; at: Date }
  | { kind: "invalid"; status: IdeaStatus; target: IdeaStatus }
  | { kind: "invalid-input"; errors: FormErrors }
  /** A platform retry of a request already handled. */
  | { kind: "duplicate" };

export type DecisionResult = { kind: "done"; ideaId: number } | Refusal;

const isDone = (result: DecisionResult) => result.kind === "done";

export interface Decision {
  ideaId: number;
  actorId: number;
  action: IdeaAction;
  /** approve: who carries it out, and by when (YYYY-MM-DD). */
  ownerId?: number;
  targetDate?: string;
  /** reject: the reason; otherwise an optional note. */
  note?: string;
  mergeIntoId?: number;
  /** The status the decider saw when they opened the form: if it moved since, they are told. */
  expectedStatus?: IdeaStatus;
  requestKey?: string;
}

const ideaSelect = {
  id: true,
  title: true,
  status: true,
  departmentId: true,
  ownerId: true,
  proposerId: true,
  department: { select: { name: true } },
} as const;

async function lastDecision(tx: Tx | ServiceDeps["prisma"], ideaId: number, status: IdeaStatus): Promise<Refusal> {
  const event = await tx.ideaEvent.findFirst({
    where: { ideaId, toStatus: status },
    orderBy: { id: "desc" },
    include: { actor: { select: { name: true } } },
  });
  return { kind: "already", status, by: event?.actor?.name ?? null, at: event?.createdAt ?? new Date() };
}

/**
 * May this person take this action on this idea now? Asked when a button is clicked (before
 * a form opens) and again inside the transaction that acts.
 */
export async function checkAction(tx: Tx | ServiceDeps["prisma"], ideaId: number, actorId: number, action: IdeaAction): Promise<Refusal | undefined> {
  const idea = await tx.idea.findUnique({ where: { id: ideaId }, select: ideaSelect });
  return idea ? refusalFor(tx, idea, actorId, action) : { kind: "not-found" };
}

async function refusalFor(
  tx: Tx | ServiceDeps["prisma"],
  idea: { id: number; status: IdeaStatus; departmentId: number; ownerId: number | null; department: { name: string } },
  actorId: number,
  action: IdeaAction,
): Promise<Refusal | undefined> {
  const actor = await actorOf(tx, actorId);
  if (!mayAct(actor, action, idea)) return { kind: "forbidden", action, departmentName: idea.department.name };
  const target = ACTION_TARGET[action];
  if (!canTransition(idea.status, target)) {
    if (idea.status === "SUBMITTED" || (idea.status === "APPROVED" && target === "DONE")) return { kind: "invalid", status: idea.status, target };
    return lastDecision(tx, idea.id, idea.status);
  }
  return undefined;
}

async function mergeTargetProblem(tx: Tx, deps: ServiceDeps, ideaId: number, actorId: number, intoId: number | undefined): Promise<FormErrors | undefined> {
  const actor = await tx.employee.findUniqueOrThrow({ where: { id: actorId }, select: { locale: true } });
  const tr = translator(localeOf(deps, actor));
  if (!intoId) return { into: tr("ideas.error.mergeNumber") };
  if (intoId === ideaId) return { into: tr("ideas.error.mergeSelf") };
  const into = await tx.idea.findUnique({ where: { id: intoId }, select: { status: true } });
  if (!into || !isOpen(into.status)) return { into: tr("ideas.error.mergeTarget", { number: intoId }) };
  return undefined;
}

/**
 * Moves an idea to its next status: approve (with owner and target date), reject (with a
 * reason), merge, start, done. One transaction: the permission and status are checked again,
 * the change is conditional on the status it was read in, and its event and announcements
 * are written with it.
 */
export async function decideIdea(deps: ServiceDeps, decision: Decision): Promise<DecisionResult> {
  return handleOnce(deps, decision.requestKey, async (tx): Promise<DecisionResult> => {
    const idea = await tx.idea.findUnique({ where: { id: decision.ideaId }, select: ideaSelect });
    if (!idea) return { kind: "not-found" };
    const refusal = await refusalFor(tx, idea, decision.actorId, decision.action);
    if (refusal) return refusal;
    if (decision.expectedStatus && decision.expectedStatus !== idea.status) return lastDecision(tx, idea.id, idea.status);
    const target = ACTION_TARGET[decision.action];
    if (decision.action === "merge") {
      const errors = await mergeTargetProblem(tx, deps, idea.id, decision.actorId, decision.mergeIntoId);
      if (errors) return { kind: "invalid-input", errors };
    }
    const changed = await tx.idea.updateMany({
      where: { id: idea.id, status: idea.status },
      data: {
        status: target,
        statusChangedAt: new Date(),
        ...(decision.action === "approve"
          ? { ownerId: decision.ownerId ?? decision.actorId, targetDate: decision.targetDate ? new Date(`${decision.targetDate}T00:00:00Z`) : null }
          : {}),
        ...(decision.action === "reject" ? { rejectionReason: decision.note ?? null } : {}),
        ...(decision.action === "merge" ? { mergedIntoId: decision.mergeIntoId } : {}),
      },
    });
    if (changed.count === 0) return lastDecision(tx, idea.id, (await tx.idea.findUniqueOrThrow({ where: { id: idea.id } })).status);
    const event = await tx.ideaEvent.create({
      data: { ideaId: idea.id, actorId: decision.actorId, fromStatus: idea.status, toStatus: target, note: decision.note },
    });
    if (decision.action === "merge" && decision.mergeIntoId) {
      // The merged idea's voters, and its proposer, now back the idea it joined.
      const votes = await tx.ideaVote.findMany({ where: { ideaId: idea.id } });
      await tx.ideaVote.createMany({
        data: [
          ...votes.map((v) => ({ ideaId: decision.mergeIntoId!, employeeId: v.employeeId, mutedUpdates: v.mutedUpdates })),
          { ideaId: decision.mergeIntoId, employeeId: idea.proposerId },
        ],
        skipDuplicates: true,
      });
      await refreshPosts(tx, deps, "idea", decision.mergeIntoId, `idea:${decision.mergeIntoId}:refresh:event:${event.id}`);
    }
    await refreshPosts(tx, deps, "idea", idea.id, `idea:${idea.id}:refresh:event:${event.id}`);
    await notifyTransition(tx, deps, idea.id, event.id);
    return { kind: "done", ideaId: idea.id };
  }, isDone);
}

/** A manager asks the proposer for details; the question shows on the card. */
export async function askForDetails(
  deps: ServiceDeps,
  request: { ideaId: number; actorId: number; question: string; requestKey?: string },
): Promise<DecisionResult> {
  return handleOnce(deps, request.requestKey, async (tx): Promise<DecisionResult> => {
    const idea = await tx.idea.findUnique({ where: { id: request.ideaId }, include: { proposer: true, department: true } });
    if (!idea) return { kind: "not-found" };
    if (!mayAct(await actorOf(tx, request.actorId), "approve", idea)) {
      return { kind: "forbidden", action: "approve", departmentName: idea.department.name };
    }
    const comment = await tx.ideaComment.create({ data: { ideaId: idea.id, authorId: request.actorId, text: request.question } });
    const asker = await tx.employee.findUniqueOrThrow({ where: { id: request.actorId } });
    await notifyPerson(tx, deps, idea.proposer, `idea:${idea.id}:comment:${comment.id}`, (locale) => {
      const tr = translator(locale);
      return notice(locale, tr("ideas.notify.question", { name: asker.name, number: idea.id, title: idea.title, text: request.question }), [
        { action: IDEA_ACTIONS.reply, label: tr("ideas.button.reply"), value: String(idea.id), style: "primary" },
      ]);
    });
    await refreshPosts(tx, deps, "idea", idea.id, `idea:${idea.id}:refresh:comment:${comment.id}`);
    return { kind: "done", ideaId: idea.id };
  }, isDone);
}

/** The proposer answers; the answer shows on the card and reaches whoever asked last. */
export async function replyWithDetails(
  deps: ServiceDeps,
  request: { ideaId: number; actorId: number; answer: string; requestKey?: string },
): Promise<DecisionResult> {
  return handleOnce(deps, request.requestKey, async (tx): Promise<DecisionResult> => {
    const idea = await tx.idea.findUnique({ where: { id: request.ideaId }, include: { department: true } });
    if (!idea) return { kind: "not-found" };
    if (idea.proposerId !== request.actorId) return { kind: "forbidden", action: "reply", departmentName: idea.department.name };
    const comment = await tx.ideaComment.create({ data: { ideaId: idea.id, authorId: request.actorId, text: request.answer } });
    const question = await tx.ideaComment.findFirst({
      where: { ideaId: idea.id, authorId: { not: idea.proposerId } },
      orderBy: { id: "desc" },
      include: { author: true },
    });
    if (question) {
      await notifyPerson(tx, deps, question.author, `idea:${idea.id}:comment:${comment.id}`, (locale) =>
        notice(locale, translator(locale)("ideas.notify.answer", { number: idea.id, title: idea.title, text: request.answer })),
      );
    }
    await refreshPosts(tx, deps, "idea", idea.id, `idea:${idea.id}:refresh:comment:${comment.id}`);
    return { kind: "done", ideaId: idea.id };
  }, isDone);
}
