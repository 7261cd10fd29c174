/**
 * `/story top`: the calendar quarter's most appreciated published stories (in the company's
 * zone) and the colleagues who appear in them most, as a message only the asker sees.
 */
import { DateTime } from "luxon";
import type { Message } from "../../chat/message";
import type { Locale } from "../../i18n";
import { companyTimezone, type ServiceDeps } from "../deps";
import { storyTopList, type TopColleague, type TopStory } from "./story-highlights";
import { rankStories } from "./story-reactions";

export const TOP_STORIES = 5;
export const TOP_COLLEAGUES = 5;

/** The calendar quarter containing `now` in `timezone`: [from, to). */
export function quarterOf(now: Date, timezone: string): { from: Date; to: Date; quarter: number; year: number } {
  const start = DateTime.fromJSDate(now, { zone: timezone }).startOf("quarter");
  return { from: start.toJSDate(), to: start.plus({ quarters: 1 }).toJSDate(), quarter: start.quarter, year: start.year };
}

export interface StoryTop {
  quarter: { quarter: number; year: number; from: Date; to: Date };
  stories: (TopStory & { id: number })[];
  /**
   * Ranked by the people who reacted to the stories they appear in, added up over their
   * stories; then by how many stories name them; then by name.
   */
  colleagues: TopColleague[];
}

/** The figures of `/story top`, for a caller that renders them itself. */
export async function storyTop(deps: Pick<ServiceDeps, "prisma" | "organisation">, now: Date = new Date()): Promise<StoryTop> {
  const quarter = quarterOf(now, companyTimezone(deps));
  const ranked = await rankStories(deps.prisma, { from: quarter.from, to: quarter.to });
  const details = await deps.prisma.serviceStory.findMany({
    where: { id: { in: ranked.map((r) => r.storyId) } },
    select: {
      id: true,
      text: true,
      author: { select: { name: true } },
      colleagues: { select: { employee: { select: { id: true, name: true } } }, orderBy: { employeeId: "asc" } },
    },
  });
  const byId = new Map(details.map((d) => [d.id, d]));

  const colleagues = new Map<number, TopColleague>();
  for (const r of ranked) {
    for (const { employee } of byId.get(r.storyId)?.colleagues ?? []) {
      const c = colleagues.get(employee.id) ?? { name: employee.name, stories: 0, people: 0 };
      c.stories += 1;
      c.people += r.people;
      colleagues.set(employee.id, c);
    }
  }

  const stories = ranked.slice(0, TOP_STORIES).map((r) => {
    const d = byId.get(r.storyId)!;
    return { id: d.id, text: d.text, authorName: d.author.name, colleagueNames: d.colleagues.map((c) => c.employee.name), people: r.people, reactions: r.reactions };
  });
  const topColleagues = [...colleagues.values()]
    .sort((a, b) => b.people - a.people || b.stories - a.stories || a.name.localeCompare(b.name))
    .slice(0, TOP_COLLEAGUES);
  return { quarter, stories, colleagues: topColleagues };
}

/** The `/story top` answer: an ephemeral message in the asker's language. */
export async function storyTopMessage(deps: Pick<ServiceDeps, "prisma" | "organisation">, locale: Locale, now: Date = new Date()): Promise<Message> {
  const top = await storyTop(deps, now);
  return storyTopList(locale, top.quarter, top.stories, top.colleagues);
}
