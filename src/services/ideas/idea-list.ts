import type { Message } from "../../chat/message";
import { IDEA_STATUSES, type IdeaStatus } from "../../domain/idea-lifecycle";
import { translator, type Locale } from "../../i18n";
import type { ServiceDeps } from "../deps";
import { homeSections, ideaList, notice, type HomeSection } from "./idea-messages";
import { listIdeas, viewerOf, type IdeaFilter } from "./idea-queries";

export const LIST_PAGE_SIZE = 8;

// What people may type after /ideas, in English and Hebrew.
const WORDS: Record<string, IdeaFilter> = {
  "": { kind: "open" },
  open: { kind: "open" },
  פתוחים: { kind: "open" },
  mine: { kind: "mine" },
  my: { kind: "mine" },
  שלי: { kind: "mine" },
  department: { kind: "department" },
  dept: { kind: "department" },
  מחלקה: { kind: "department" },
  top: { kind: "top" },
  "most-voted": { kind: "top" },
  מובילים: { kind: "top" },
};

/**
 * `/ideas <filter>`; undefined when the words are not a filter we know. A department may be
 * named after the word: `/ideas department billing` (its key or its name).
 */
export function parseIdeaFilter(text: string): IdeaFilter | undefined {
  const [first = "", ...rest] = text.trim().split(/\s+/);
  const named = rest.join(" ");
  if (named && WORDS[first.toLowerCase()]?.kind === "department") return { kind: "department", key: named };
  const word = text.trim().toLowerCase().replace(/[\s_]+/g, "-");
  if (word in WORDS) return WORDS[word];
  const status = word.replace(/-/g, "_").toUpperCase();
  if ((IDEA_STATUSES as readonly string[]).includes(status)) return { kind: "status", status: status as IdeaStatus };
  return undefined;
}

/** The filter as carried by buttons: "open", "mine", "department-billing", "status-APPROVED"... */
export function filterState(filter: IdeaFilter): string {
  if (filter.kind === "status") return `status-${filter.status}`;
  if (filter.kind === "department" && filter.key) return `department-${filter.key}`;
  return filter.kind;
}

export function filterFromState(state: string): IdeaFilter | undefined {
  if (state.startsWith("status-")) return parseIdeaFilter(state.slice("status-".length));
  if (state.startsWith("department-")) return { kind: "department", key: state.slice("department-".length) };
  return ["open", "mine", "department", "top"].includes(state) ? ({ kind: state } as IdeaFilter) : undefined;
}

export async function ideaListMessage(deps: ServiceDeps, employeeId: number, filter: IdeaFilter, page: number, locale: Locale): Promise<Message> {
  const tr = translator(locale);
  const viewer = await viewerOf(deps.prisma, employeeId);
  const department =
    filter.kind === "department" && filter.key
      ? await deps.prisma.department.findFirst({
          where: { active: true, OR: [{ key: filter.key.toLowerCase() }, { name: { equals: filter.key, mode: "insensitive" } }] },
        })
      : viewer.departmentId
        ? await deps.prisma.department.findUnique({ where: { id: viewer.departmentId } })
        : null;
  if (filter.kind === "department" && filter.key && !department) {
    const known = await deps.prisma.department.findMany({ where: { active: true }, orderBy: { key: "asc" }, select: { key: true } });
    return notice(locale, tr("ideas.list.unknownDepartment", { name: filter.key, list: known.map((d) => d.key).join(", ") }));
  }
  // Listed by the department's key, whatever the person typed.
  const resolved: IdeaFilter = filter.kind === "department" && department && filter.key ? { kind: "department", key: department.key } : filter;
  const title =
    resolved.kind === "status"
      ? tr("ideas.list.title.status", { status: tr(`ideas.status.${resolved.status}`) })
      : tr(`ideas.list.title.${resolved.kind}`, { department: department?.name ?? "—" });
  const safePage = Math.max(0, Math.min(page, 10_000));
  const { items, total } = await listIdeas(deps.prisma, resolved, viewer, safePage, LIST_PAGE_SIZE);
  return ideaList(locale, { title, items, page: safePage, pageSize: LIST_PAGE_SIZE, total, state: filterState(resolved) });
}

const HOME_STEP = 5;
const HOME_MAX = 40;

/** How many ideas each home section shows, carried by its "Show more" button. */
export type HomePaging = Record<HomeSection["key"], number>;

export function parseHomePaging(parts: readonly string[]): HomePaging {
  const [mine, queue, owned] = (parts[0] ?? "").split(",").map((n) => Math.min(HOME_MAX, Math.max(HOME_STEP, Number(n) || HOME_STEP)));
  return { mine: mine ?? HOME_STEP, queue: queue ?? HOME_STEP, owned: owned ?? HOME_STEP };
}

/** After "Show more": the button carries "<mine>,<queue>,<owned>:<section>"; that section grows. */
export function homePagingAfterMore(parts: readonly string[]): HomePaging {
  const paging = parseHomePaging(parts);
  const section = parts[1];
  if (section === "mine" || section === "queue" || section === "owned") paging[section] = Math.min(HOME_MAX, paging[section] + HOME_STEP * 2);
  return paging;
}

/** My ideas; for managers and admins their review queue; for owners what they own. */
export async function homeIdeaBlocks(deps: ServiceDeps, employeeId: number, locale: Locale, paging: HomePaging) {
  const viewer = await viewerOf(deps.prisma, employeeId);
  const keys: HomeSection["key"][] = ["mine"];
  if (viewer.isAdmin || viewer.managerOf.length > 0) keys.push("queue");
  keys.push("owned");
  const sections: HomeSection[] = [];
  for (const key of keys) {
    const { items, total } = await listIdeas(deps.prisma, { kind: key }, viewer, 0, paging[key]);
    if (key === "owned" && total === 0) continue;
    sections.push({ key, items, total, shown: items.length });
  }
  return homeSections(locale, sections, `${paging.mine},${paging.queue},${paging.owned}`);
}
