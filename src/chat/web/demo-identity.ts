/**
 * The demo's "who are you?": the visitor picks an employee and sees the product as them. It
 * exists only in demo mode, and demo mode is refused unless the server listens on loopback
 * alone and has no chat credentials, so it can never be offered to a real workspace.
 */
import type { Config } from "../../config/env";
import { translator, type Locale } from "../../i18n";
import type { ServiceDeps } from "../../services/deps";
import { html, type Html } from "./html";

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

/** Why the demo's choice of person cannot be offered with this configuration, or undefined when it can. */
export function demoRefusal(config: Pick<Config, "demo" | "host" | "slack" | "teams">): string | undefined {
  if (!config.demo) return "not in demo mode";
  if (!config.host || !LOOPBACK.has(config.host)) return `the demo listens on loopback only (127.0.0.1), not on ${config.host ?? "every interface"}`;
  if (config.slack || config.teams) return "the demo runs without Slack or Teams credentials";
  return undefined;
}

interface Person {
  id: number;
  name: string;
  isAdmin: boolean;
  email: string;
  department: { name: string } | null;
  managerOf: { department: { name: string } }[];
}

function roles(person: Person, curators: readonly string[], locale: Locale): string {
  const tr = translator(locale);
  const parts: string[] = [];
  if (person.isAdmin) parts.push(tr("web.who.admin"));
  if (person.managerOf.length) parts.push(tr("web.who.manager", { departments: person.managerOf.map((m) => m.department.name).join(", ") }));
  if (curators.includes(person.email.toLowerCase())) parts.push(tr("web.who.curator"));
  if (parts.length === 0) parts.push(tr("web.who.employee"));
  return parts.join(" · ");
}

/** The people to choose from, each with their roles, admins and managers first. */
export async function whoHtml(services: ServiceDeps, locale: Locale, csrf: string): Promise<Html> {
  const tr = translator(locale);
  const people: Person[] = await services.prisma.employee.findMany({
    where: { active: true },
    orderBy: [{ isAdmin: "desc" }, { name: "asc" }],
    select: { id: true, name: true, isAdmin: true, email: true, department: { select: { name: true } }, managerOf: { select: { department: { select: { name: true } } } } },
  });
  const curators = (services.organisation()?.stories.curators ?? []).map((email) => email.toLowerCase());
  const rank = (p: Person) => (p.isAdmin ? 0 : p.managerOf.length ? 1 : curators.includes(p.email.toLowerCase()) ? 2 : 3);
  const ordered = [...people].sort((a, b) => rank(a) - rank(b));
  return html`<h1>${tr("web.who.title")}</h1><p>${tr("web.who.intro")}</p><ul class="people">${ordered.map(
    (p) =>
      html`<li><form method="post" action="/app/who"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="employee" value="${p.id}"><p><strong><bdi>${p.name}</bdi></strong></p><p class="context">${roles(p, curators, locale)}${
        p.department ? html` · <bdi>${p.department.name}</bdi>` : ""
      }</p><button type="submit" class="button">${tr("web.who.choose", { name: p.name })}</button></form></li>`,
  )}</ul>`;
}
