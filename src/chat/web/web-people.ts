/**
 * People on the web surface: pickers list employees by name and submit their employee
 * number; a typed command names a colleague by email (`rotation swap #12 @dana@example.com`).
 */
import type { Employee } from "../../generated/prisma/client";
import type { ServiceDeps } from "../../services/deps";
import type { SurfacePeople } from "../conversation/request";

const EMPLOYEE_NUMBER = /^[1-9]\d{0,9}$/;
const EMAIL_TAG = /(?:^|\s)@(\S+@\S+)/;

export function webPeople(services: ServiceDeps): SurfacePeople {
  return {
    platform: "WEB",
    byId: async (id) => (EMPLOYEE_NUMBER.test(id) ? services.prisma.employee.findFirst({ where: { id: Number(id), active: true } }) : null),
    idOf: (employee: Employee) => String(employee.id),
    readable: async (text) => ({ text, colleagueIds: [] }),
    colleagueIn: async (text) => {
      const email = EMAIL_TAG.exec(text)?.[1];
      if (!email) return undefined;
      const employee = await services.prisma.employee.findFirst({ where: { email: { equals: email, mode: "insensitive" }, active: true } });
      return { employee, name: email };
    },
    argumentsOf: (text) =>
      text
        .trim()
        .split(/\s+/)
        .filter((word) => word && !word.startsWith("@"))
        .slice(1),
  };
}

/** The active employees, by name, for people pickers and the demo's choice of who to be. */
export async function activePeople(services: ServiceDeps): Promise<{ id: number; name: string }[]> {
  return services.prisma.employee.findMany({ where: { active: true }, orderBy: [{ name: "asc" }, { id: "asc" }], select: { id: true, name: true } });
}
