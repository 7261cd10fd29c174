/** Shifts as messages show them: when, which template, who. */
import type { Prisma } from "../../generated/prisma/client";
import type { Tx, ServiceDeps } from "../deps";

export interface ShiftPerson {
  id: number;
  name: string;
  slackUserId: string | null;
  teamsUserId: string | null;
  locale: string | null;
  timezone: string | null;
  departmentId: number | null;
}

export interface ShiftView {
  id: number;
  /** The template's key in the organisation file; the planner knows shifts by it. */
  templateKey: string;
  templateName: string;
  startsAt: Date;
  endsAt: Date;
  status: "PLANNED" | "PUBLISHED" | "CANCELLED";
  isOnboarding: boolean;
  person: ShiftPerson | null;
  buddy: ShiftPerson | null;
}

export const PERSON_SELECT = {
  id: true,
  name: true,
  slackUserId: true,
  teamsUserId: true,
  locale: true,
  timezone: true,
  departmentId: true,
} as const satisfies Prisma.EmployeeSelect;

const SHIFT_INCLUDE = {
  template: { select: { key: true, name: true } },
  employee: { select: PERSON_SELECT },
  buddy: { select: PERSON_SELECT },
} as const satisfies Prisma.ShiftInclude;

type ShiftRow = Prisma.ShiftGetPayload<{ include: typeof SHIFT_INCLUDE }>;

function toView(row: ShiftRow): ShiftView {
  return {
    id: row.id,
    templateKey: row.template?.key ?? "",
    templateName: row.template?.name ?? "",
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    status: row.status,
    isOnboarding: row.isOnboarding,
    person: row.employee,
    buddy: row.buddy,
  };
}

export async function loadShiftViews(db: Tx | ServiceDeps["prisma"], where: Prisma.ShiftWhereInput, take?: number): Promise<ShiftView[]> {
  const rows = await db.shift.findMany({ where, include: SHIFT_INCLUDE, orderBy: [{ startsAt: "asc" }, { seat: "asc" }], take });
  return rows.map(toView);
}
