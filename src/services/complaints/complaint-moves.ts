/**
 * Managers sort complaints: those no rule attributed wait in the unassigned queue until a
 * manager picks their department, and a complaint in the wrong department is moved to the
 * right one. Every move is recorded (complaint_moves), and who may move is checked when the
 * button is clicked and again in the transaction that moves.
 */
import type { Form } from "../../chat/form";
import type { Block, Message } from "../../chat/message";
import { redactPersonalData } from "../../domain/personal-data";
import { truncate } from "../../domain/text-safety";
import { isolatedIn, quoted, translator, type Locale, textDirection } from "../../i18n";
import { actorOf, handleOnce, type ServiceDeps, type Tx } from "../deps";
import { DIGEST_ACTIONS } from "./digest-messages";
import { complaintNotice } from "./log-complaint";

export const COMPLAINT_FORMS = { move: "complaint.move.department" } as const;

/** The unassigned queue shows this many at a time, oldest first. */
const QUEUE_PAGE = 10;
const QUEUE_TEXT = 200;

type Deps = Pick<ServiceDeps, "prisma" | "outboxKick">;


/**
 * Admins may move any complaint; a department's managers may move its complaints; any
 * manager may give an unassigned complaint its department.
 */
async function mayMove(db: Tx | ServiceDeps["prisma"], employeeId: number, departmentId: number | null): Promise<boolean> {
  const actor = await actorOf(db, employeeId);
  if (actor.isAdmin) return true;
  return departmentId === null ? actor.managerOf.length > 0 : actor.managerOf.includes(departmentId);
}

/** Names of those who may move a complaint of this department, for a refusal. */
async function whoMayMove(db: Tx | ServiceDeps["prisma"], departmentId: number | null): Promise<string> {
  const managers = await db.employee.findMany({
    where: departmentId === null ? { managerOf: { some: {} }, active: true } : { managerOf: { some: { departmentId } }, active: true },
    select: { name: true },
    orderBy: { name: "asc" },
    take: 5,
  });
  return managers.map((m) => m.name).join(", ");
}

export type MoveStart =
  | { kind: "form"; form: Form }
  | { kind: "refused"; message: Message };

/** The Move… button: the form to pick the department, or a refusal naming who may. */
export async function startMove(deps: Deps, employeeId: number, complaintId: number, locale: Locale): Promise<MoveStart> {
  const t = translator(locale);
  const complaint = await deps.prisma.complaint.findUnique({ where: { id: complaintId }, select: { id: true, departmentId: true, text: true } });
  if (!complaint) return { kind: "refused", message: complaintNotice(locale, t("complaintMoves.gone", { id: complaintId })) };
  if (!(await mayMove(deps.prisma, employeeId, complaint.departmentId))) {
    return { kind: "refused", message: complaintNotice(locale, t("complaintMoves.notAllowed", { names: await whoMayMove(deps.prisma, complaint.departmentId) || "—" })) };
  }
  const departments = await deps.prisma.department.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { id: true, key: true, name: true } });
  const form: Form = {
    action: COMPLAINT_FORMS.move,
    title: t("complaintMoves.formTitle"),
    submit: t("complaintMoves.submit"),
    close: t("complaintMoves.cancel"),
    intro: [{ type: "section", text: { italic: quoted(locale, truncate(redactPersonalData(complaint.text), QUEUE_TEXT)) } }],
    fields: [
      {
        type: "select",
        id: "department",
        label: t("complaintMoves.department"),
        options: departments.filter((d) => d.id !== complaint.departmentId).map((d) => ({ value: d.key, label: d.name })),
      },
    ],
    // The department it was in when the form opened: a move that finds it elsewhere changes nothing.
    state: `${complaint.id}:${complaint.departmentId ?? ""}`,
    direction: textDirection(locale),
  };
  return { kind: "form", form };
}

export type MoveResult =
  | { kind: "moved"; message: Message }
  | { kind: "refused"; message: Message }
  | { kind: "duplicate" };

/** Moves a complaint as the form asked, unless it moved meanwhile; records who moved it. */
export async function moveComplaint(
  deps: Deps,
  requestKey: string | undefined,
  request: { employeeId: number; state: string; departmentKey: string; locale: Locale },
): Promise<MoveResult> {
  const t = translator(request.locale);
  const refused = (text: string): MoveResult => ({ kind: "refused", message: complaintNotice(request.locale, text) });
  const state = /^(\d+):(\d*)$/.exec(request.state);
  if (!state) return refused(t("complaintMoves.gone", { id: "?" }));
  const complaintId = Number(state[1]);
  const fromId = state[2] ? Number(state[2]) : null;
  return handleOnce(
    deps,
    requestKey,
    async (tx): Promise<MoveResult> => {
      if (!(await mayMove(tx, request.employeeId, fromId))) {
        return refused(t("complaintMoves.notAllowed", { names: (await whoMayMove(tx, fromId)) || "—" }));
      }
      const to = await tx.department.findFirst({ where: { key: request.departmentKey, active: true }, select: { id: true, name: true } });
      if (!to) return refused(t("complaintMoves.unknownDepartment"));
      const { count } = await tx.complaint.updateMany({
        where: { id: complaintId, departmentId: fromId },
        data: { departmentId: to.id, attributedBy: "MANAGER" },
      });
      if (count === 0) return refused(t("complaintMoves.movedMeanwhile", { id: complaintId }));
      await tx.complaintMove.create({ data: { complaintId, fromDepartmentId: fromId, toDepartmentId: to.id, movedById: request.employeeId } });
      return { kind: "moved", message: complaintNotice(request.locale, t("complaintMoves.moved", { id: complaintId, department: to.name })) };
    },
    () => false,
  );
}

/** The complaints waiting for a department, oldest first, each with its Move… button; managers and admins only. */
export async function unassignedQueue(deps: Deps, employeeId: number, locale: Locale): Promise<Message> {
  const t = translator(locale);
  if (!(await mayMove(deps.prisma, employeeId, null))) {
    return complaintNotice(locale, t("complaintMoves.notAllowed", { names: (await whoMayMove(deps.prisma, null)) || "—" }));
  }
  const [waiting, total] = await Promise.all([
    deps.prisma.complaint.findMany({
      where: { departmentId: null },
      orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
      take: QUEUE_PAGE,
      select: { id: true, text: true, category: true },
    }),
    deps.prisma.complaint.count({ where: { departmentId: null } }),
  ]);
  if (total === 0) return complaintNotice(locale, t("complaintMoves.queueEmpty"));
  const blocks: Block[] = [{ type: "section", text: { bold: t("complaintMoves.queueTitle", { count: total }) } }];
  for (const complaint of waiting) {
    const text = truncate(redactPersonalData(complaint.text), QUEUE_TEXT);
    blocks.push({ type: "section", text: [`#${complaint.id} `, ...(complaint.category ? [{ bold: isolatedIn(locale, complaint.category) }, " · "] : []), { italic: quoted(locale, text) }] });
    blocks.push({ type: "actions", buttons: [{ action: DIGEST_ACTIONS.move, label: t("digest.move"), value: String(complaint.id) }] });
  }
  if (total > waiting.length) blocks.push({ type: "context", text: t("complaintMoves.queueMore", { count: total - waiting.length }) });
  return { summary: t("complaintMoves.queueTitle", { count: total }), blocks, direction: textDirection(locale) };
}
