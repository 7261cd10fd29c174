/**
 * The life of an idea: which status may follow which, and who may move it. Pure, so the
 * rules read in one place and the services only ask.
 */
export const IDEA_STATUSES = ["SUBMITTED", "APPROVED", "IN_PROGRESS", "DONE", "REJECTED", "MERGED"] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];

export const OPEN_STATUSES: readonly IdeaStatus[] = ["SUBMITTED", "APPROVED", "IN_PROGRESS"];

const NEXT: Record<IdeaStatus, readonly IdeaStatus[]> = {
  SUBMITTED: ["APPROVED", "REJECTED", "MERGED"],
  APPROVED: ["IN_PROGRESS", "REJECTED", "MERGED"],
  IN_PROGRESS: ["DONE", "REJECTED"],
  DONE: [],
  REJECTED: [],
  MERGED: [],
};

export function canTransition(from: IdeaStatus, to: IdeaStatus): boolean {
  return NEXT[from].includes(to);
}

export function isOpen(status: IdeaStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** Who is asking, as far as idea decisions are concerned. */
export interface Actor {
  employeeId: number;
  isAdmin: boolean;
  /** Departments this person manages. */
  managerOf: readonly number[];
}

/** Approve, reject, ask for details, merge: the department's managers and admins. */
export function mayDecide(actor: Actor, idea: { departmentId: number }): boolean {
  return actor.isAdmin || actor.managerOf.includes(idea.departmentId);
}

/** Start and finish the work: its owner too. */
export function mayProgress(actor: Actor, idea: { departmentId: number; ownerId: number | null }): boolean {
  return mayDecide(actor, idea) || (idea.ownerId !== null && idea.ownerId === actor.employeeId);
}

export type IdeaAction = "approve" | "reject" | "merge" | "start" | "done";

export const ACTION_TARGET: Record<IdeaAction, IdeaStatus> = {
  approve: "APPROVED",
  reject: "REJECTED",
  merge: "MERGED",
  start: "IN_PROGRESS",
  done: "DONE",
};

export function mayAct(actor: Actor, action: IdeaAction, idea: { departmentId: number; ownerId: number | null }): boolean {
  return action === "start" || action === "done" ? mayProgress(actor, idea) : mayDecide(actor, idea);
}
