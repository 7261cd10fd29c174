/**
 * The recurring complaint themes an idea speaks to: its department's phrases of the last
 * weeks (said at least twice) that the idea's words cover. Read for many ideas at once, one
 * grouped query over their departments, since the outbox renders cards in batches.
 */
import { topThemes } from "../../domain/complaints/themes";
import { themesCoveredBy, type CountedTheme } from "../../domain/idea-themes";
import type { PrismaClient } from "../../generated/prisma/client";
import type { Tx } from "../deps";

/** The weeks of complaints whose themes an idea is set against. */
export const THEME_WEEKS = 12;
export const THEMES_SHOWN = 5;
/** Themes ranked before the idea's are picked out of them: enough for a department's words. */
const THEMES_RANKED = 60;
const WEEK_MS = 7 * 24 * 60 * 60_000;

/** Per idea id, the themes its terms cover, most frequent first, at most `THEMES_SHOWN`. */
export async function ideaComplaintThemes(
  prisma: PrismaClient | Tx,
  ideas: readonly { id: number; departmentId: number; searchTerms: readonly string[] }[],
  now: Date,
): Promise<Map<number, CountedTheme[]>> {
  const departments = [...new Set(ideas.map((i) => i.departmentId))];
  if (departments.length === 0) return new Map();
  const since = new Date(now.getTime() - THEME_WEEKS * WEEK_MS);
  const rows = await prisma.$queryRaw<{ departmentId: number; theme: string; count: number }[]>`
    SELECT c.department_id AS "departmentId", t.theme, count(*)::int AS count
    FROM complaints c CROSS JOIN LATERAL unnest(c.themes) AS t(theme)
    WHERE c.department_id = ANY(${departments}::int[]) AND c.received_at >= ${since} AND c.received_at < ${now}
    GROUP BY 1, 2
    HAVING count(*) >= 2`;
  const counts = new Map<number, Map<string, number>>();
  for (const row of rows) {
    const department = counts.get(row.departmentId) ?? new Map<string, number>();
    department.set(row.theme, row.count);
    counts.set(row.departmentId, department);
  }
  const ranked = new Map([...counts].map(([id, c]) => [id, topThemes(c, THEMES_RANKED)]));
  return new Map(ideas.map((idea) => [idea.id, themesCoveredBy(idea.searchTerms, ranked.get(idea.departmentId) ?? [], THEMES_SHOWN)]));
}
