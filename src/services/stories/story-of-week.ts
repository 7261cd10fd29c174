/**
 * The story of the week: an hour before the organisation's weekly digest moment (in the
 * company's zone, so before the department digests go out), the most appreciated story
 * published in the seven days before becomes the week's story. It is marked with the ISO
 * week (`service_stories.story_of_week`, unique), highlighted in the stories channel and
 * announced to its author and the colleagues it names.
 *
 * Exactly once across replicas: every replica's timers wake for the moment, and the job_runs
 * row claimed in the posting transaction decides. A moment that passed while the bot was down
 * is caught up when it comes back, marked late, judged on the reactions made by the moment;
 * only the latest week is caught up. A week without a story that anyone reacted to posts
 * nothing, and its run is recorded DONE all the same.
 */
import { DateTime } from "luxon";
import { digestPeriod } from "../../domain/complaints/digest-period";
import { nextOccurrence, previousOccurrence, runKeyFor } from "../../domain/recurrence";
import { truncate } from "../../domain/text-safety";
import type { PrismaClient } from "../../generated/prisma/client";
import { companySchedule } from "../complaints/weekly-digest";
import { companyLocale, companyTimezone, type ServiceDeps, type Tx } from "../deps";
import { channelMessages, personMessages } from "../notify";
import { enqueue, type OutboxEntry } from "../outbox";
import { claimRun, finishRun, LATE_AFTER_MS, recordSkipped } from "../scheduler";
import type { TimedTask } from "../timers";
import { EXCERPT_TEXT, storyOfWeekHighlight, storyOfWeekNotice, type HighlightedStory } from "./story-highlights";
import { appreciationOf, rankStories } from "./story-reactions";

export const STORY_OF_WEEK_JOB = "stories.story-of-week";

const HOUR_MS = 60 * 60_000;
/** How long before the digests the story of the week is chosen. */
export const BEFORE_DIGEST_MS = HOUR_MS;

/** One week's story-of-the-week moment. */
export interface StoryOfWeekMoment {
  /** When the story is chosen: the company digest moment minus an hour. */
  at: Date;
  /** The week it names, e.g. "2026-W47": the ISO week of the company digest it precedes. */
  isoWeek: string;
  /** Stories published in [from, at) compete. */
  from: Date;
}

function digestSchedule(deps: Pick<ServiceDeps, "organisation">) {
  const { schedule, timezone } = companySchedule(deps.organisation(), companyTimezone(deps));
  return { kind: "weekly" as const, ...schedule, timezone };
}

function momentOf(deps: Pick<ServiceDeps, "organisation">, digest: Date): StoryOfWeekMoment {
  const timezone = companyTimezone(deps);
  const at = new Date(digest.getTime() - BEFORE_DIGEST_MS);
  return {
    at,
    isoWeek: digestPeriod(digest, timezone, 1).isoWeek,
    from: DateTime.fromJSDate(at, { zone: timezone }).minus({ days: 7 }).toJSDate(),
  };
}

/** The latest story-of-the-week moment at or before `now`. */
export function latestStoryOfWeekMoment(deps: Pick<ServiceDeps, "organisation">, now: Date): StoryOfWeekMoment {
  return momentOf(deps, previousOccurrence(digestSchedule(deps), new Date(now.getTime() + BEFORE_DIGEST_MS)));
}

/** The first story-of-the-week moment strictly after `from`. */
export function nextStoryOfWeekMoment(deps: Pick<ServiceDeps, "organisation">, from: Date): StoryOfWeekMoment {
  return momentOf(deps, nextOccurrence(digestSchedule(deps), new Date(from.getTime() + BEFORE_DIGEST_MS)));
}

const storyDetails = {
  id: true,
  text: true,
  departmentId: true,
  author: { select: { id: true, name: true, slackUserId: true, teamsUserId: true, locale: true, active: true, departmentId: true } },
  colleagues: {
    select: { employee: { select: { id: true, name: true, slackUserId: true, teamsUserId: true, locale: true, active: true, departmentId: true } } },
    orderBy: { employeeId: "asc" as const },
  },
} as const;

export type StoryOfWeekResult =
  | { kind: "posted"; storyId: number; isoWeek: string; late: boolean }
  | { kind: "none"; isoWeek: string }
  | { kind: "skipped" | "taken"; isoWeek: string };

export class StoryOfTheWeek implements TimedTask {
  readonly name = "story of the week";

  constructor(
    private readonly deps: ServiceDeps,
    /** Written to job_runs.claimed_by. */
    private readonly instanceId: string,
  ) {}

  async instantsBetween(from: Date, to: Date): Promise<Date[]> {
    const next = nextStoryOfWeekMoment(this.deps, from).at;
    return next <= to ? [next] : [];
  }

  async runDue(now: Date): Promise<void> {
    await this.run(now);
  }

  /** Chooses and announces the latest week's story unless that week was already handled. */
  async run(now: Date): Promise<StoryOfWeekResult> {
    const moment = latestStoryOfWeekMoment(this.deps, now);
    const runKey = runKeyFor(moment.at);
    const { prisma } = this.deps;
    if ((await prisma.jobRun.count({ where: { job: STORY_OF_WEEK_JOB, runKey } })) > 0) return { kind: "taken", isoWeek: moment.isoWeek };
    const installed = await prisma.department.findFirst({ orderBy: { createdAt: "asc" }, select: { createdAt: true } });
    if (!installed || moment.at < installed.createdAt) {
      // A fresh install has no week to catch up.
      await recordSkipped(prisma, STORY_OF_WEEK_JOB, runKey, moment.at, this.instanceId);
      return { kind: "skipped", isoWeek: moment.isoWeek };
    }
    const late = now.getTime() - moment.at.getTime() > LATE_AFTER_MS;
    const [winner] = await rankStories(prisma, { from: moment.from, to: moment.at, reactedUntil: moment.at, unchosenOnly: true });
    const result = await prisma.$transaction(async (tx): Promise<StoryOfWeekResult> => {
      if (!(await claimRun(tx, STORY_OF_WEEK_JOB, runKey, moment.at, this.instanceId, late))) return { kind: "taken", isoWeek: moment.isoWeek };
      let posted: StoryOfWeekResult = { kind: "none", isoWeek: moment.isoWeek };
      // A week already has its story when the digest moment moved within it.
      const chosen = await tx.serviceStory.count({ where: { storyOfWeek: moment.isoWeek } });
      if (winner && winner.people > 0 && chosen === 0) {
        const { count } = await tx.serviceStory.updateMany({ where: { id: winner.storyId, storyOfWeek: null }, data: { storyOfWeek: moment.isoWeek } });
        if (count === 1) {
          await enqueue(tx, await this.announcements(tx, winner.storyId, winner, moment.isoWeek, late));
          posted = { kind: "posted", storyId: winner.storyId, isoWeek: moment.isoWeek, late };
        }
      }
      await finishRun(tx, STORY_OF_WEEK_JOB, runKey, { status: "DONE" });
      return posted;
    });
    if (result.kind === "posted") {
      this.deps.outboxKick();
      this.deps.logger.info({ storyId: result.storyId, isoWeek: result.isoWeek, late }, "Story of the week posted");
    } else if (result.kind === "none") {
      this.deps.logger.info({ isoWeek: moment.isoWeek }, "Story of the week: no story with reactions this week; nothing posted");
    }
    return result;
  }

  /** The highlight in the stories channel and a direct message to each person in the story. */
  private async announcements(tx: Tx, storyId: number, counts: { people: number; reactions: number }, isoWeek: string, late: boolean): Promise<OutboxEntry[]> {
    const story = await tx.serviceStory.findUniqueOrThrow({ where: { id: storyId }, select: storyDetails });
    const colleagues = story.colleagues.map((c) => c.employee).filter((c) => c.id !== story.author.id);
    const highlighted: HighlightedStory = { id: story.id, text: story.text, author: story.author, colleagues, people: counts.people, reactions: counts.reactions };
    const channels = this.deps.organisation()?.channels.stories ?? {};
    const entries = channelMessages(this.deps, channels, `story-of-week:${isoWeek}`, storyOfWeekHighlight(highlighted, companyLocale(this.deps), { late }));
    if (entries.length === 0) this.deps.logger.warn({ isoWeek }, "Story of the week: no stories channel is configured; only the people in it are told");
    const people = [{ person: story.author, role: "author" as const }, ...colleagues.map((person) => ({ person, role: "colleague" as const }))];
    for (const { person, role } of people) {
      if (!person.active) continue;
      entries.push(...personMessages(this.deps, person, `story-of-week:${isoWeek}:person:${person.id}`, (locale) => storyOfWeekNotice(highlighted, role, locale)));
    }
    return entries;
  }
}

/** The week's story as the complaint digests mention it. */
export interface StoryOfTheWeekSummary {
  id: number;
  /** Shortened to about 300 characters; as typed, not escaped. */
  text: string;
  authorName: string;
  colleagues: { name: string; departmentId: number | null }[];
  /** The story's department, when it has one. */
  departmentId: number | null;
  /** Reactions in all (one per person and emoji), as they stand now. */
  reactions: number;
  /** Distinct people who reacted. */
  people: number;
}

/** The story chosen for ISO week `isoWeek` (e.g. "2026-W47"), or undefined when there is none (yet). */
export async function storyOfTheWeek(prisma: PrismaClient | Tx, isoWeek: string): Promise<StoryOfTheWeekSummary | undefined> {
  const story = await prisma.serviceStory.findUnique({ where: { storyOfWeek: isoWeek }, select: storyDetails });
  if (!story) return undefined;
  const { people, reactions } = await appreciationOf(prisma, story.id);
  return {
    id: story.id,
    text: truncate(story.text, EXCERPT_TEXT),
    authorName: story.author.name,
    colleagues: story.colleagues.map((c) => ({ name: c.employee.name, departmentId: c.employee.departmentId })),
    departmentId: story.departmentId,
    reactions,
    people,
  };
}
