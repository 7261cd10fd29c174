/**
 * What a person may see in the managers' console, with the chat's permissions: an admin
 * sees every department and the company; a department's manager sees their departments;
 * everyone else sees what every employee sees in chat (the ideas, the stories, the rotation).
 */
import type { Actor } from "../../../domain/idea-lifecycle";
import type { PrismaClient } from "../../../generated/prisma/client";
import { actorOf } from "../../../services/deps";

export interface ConsoleDepartment {
  id: number;
  key: string;
  name: string;
}

export interface ConsoleScope {
  actor: Actor;
  /** The departments whose figures and management this person may see, by name. */
  departments: ConsoleDepartment[];
  /** The company's figures (admins). */
  company: boolean;
}

export async function consoleScope(prisma: PrismaClient, employeeId: number): Promise<ConsoleScope> {
  const actor = await actorOf(prisma, employeeId);
  const departments = await prisma.department.findMany({
    where: { active: true, ...(actor.isAdmin ? {} : { id: { in: [...actor.managerOf] } }) },
    select: { id: true, key: true, name: true },
    orderBy: { name: "asc" },
  });
  return { actor, departments, company: actor.isAdmin };
}

/** Does this person manage anything (a department, or the company)? */
export function managesAnything(scope: ConsoleScope): boolean {
  return scope.company || scope.departments.length > 0;
}

/** What a page is about: the company, or one department. */
export type ConsoleSubject = { kind: "company" } | { kind: "department"; department: ConsoleDepartment };

/**
 * The subject a `?department=` asks for, if this person may see it: none asked means the
 * company for an admin and the first department for a manager; one they may not see is null.
 */
export function subjectOf(scope: ConsoleScope, asked: unknown): ConsoleSubject | null {
  if (asked === undefined || asked === "" || asked === "company") {
    if (scope.company) return { kind: "company" };
    if (asked === "company") return null;
    const first = scope.departments[0];
    return first ? { kind: "department", department: first } : null;
  }
  const department = typeof asked === "string" ? scope.departments.find((d) => d.key === asked) : undefined;
  return department ? { kind: "department", department } : null;
}
