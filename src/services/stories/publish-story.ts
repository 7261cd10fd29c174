import type { ServiceDeps, Tx } from "../deps";
import { channelOn, personMessages } from "../notify";
import { enqueue, type OutboxEntry, type PlatformName } from "../outbox";
import { STORY_SUBJECT } from "./story-live-view";
import { colleagueNotice, curationRequest } from "./story-messages";
import { curatorsOf, loadStoryView, type StoryView } from "./story-queries";

type Deps = Pick<ServiceDeps, "platforms" | "organisation">;

/**
 * Where a published story goes on each platform: the company stories channel, then the
 * channels of the departments of the colleagues named and of the story's own department,
 * each channel once.
 */
export async function storyChannels(tx: Tx, deps: Deps, view: StoryView): Promise<Record<PlatformName, string[]>> {
  const departmentIds = [...new Set([...view.colleagues.map((c) => c.departmentId), view.department?.id].filter((id): id is number => typeof id === "number"))];
  const departments = departmentIds.length
    ? await tx.department.findMany({ where: { id: { in: departmentIds }, active: true }, orderBy: { id: "asc" }, select: { slackChannel: true, teamsChannel: true } })
    : [];
  const stories = deps.organisation()?.channels.stories ?? {};
  const refs = [stories, ...departments.map((d) => ({ slack: d.slackChannel, teams: d.teamsChannel }))];
  const on = (platform: PlatformName) => [...new Set(refs.map((ref) => channelOn(platform, ref)).filter((c): c is string => !!c))];
  return { SLACK: on("SLACK"), TEAMS: on("TEAMS"), WEB: on("WEB") };
}

/**
 * Publishes a story that was just marked PUBLISHED, in the caller's transaction: its posts
 * (rendered when sent, and recorded in story_posts by the outbox worker) and the direct
 * messages to the colleagues named. Dedupe keys name the story, so nothing goes out twice.
 */
export async function publishStory(tx: Tx, deps: Deps, storyId: number): Promise<void> {
  const view = await loadStoryView(tx, storyId);
  if (!view) return;
  const channels = await storyChannels(tx, deps, view);
  const entries: OutboxEntry[] = [];
  for (const platform of deps.platforms) {
    for (const channel of channels[platform]) {
      entries.push({
        platform,
        dedupeKey: `${platform}:story:${storyId}:post:${channel}`,
        payload: { kind: "post-live", to: { channel }, view: { subject: STORY_SUBJECT, id: storyId, purpose: "channel" } },
      });
    }
  }
  for (const colleague of view.colleagues) {
    if (colleague.id === view.author.id) continue;
    entries.push(...personMessages(deps, colleague, `story:${storyId}:colleague:${colleague.id}`, (locale) => colleagueNotice(view, locale)));
  }
  await enqueue(tx, entries);
}

/** Sends a story waiting for curation to every curator, with Publish and Decline buttons. */
export async function askCurators(tx: Tx, deps: Deps, storyId: number): Promise<string[]> {
  const view = await loadStoryView(tx, storyId);
  const curators = await curatorsOf(tx, deps.organisation()?.stories.curators ?? []);
  if (!view) return [];
  const entries = curators.flatMap((curator) =>
    personMessages(deps, curator, `story:${storyId}:curate:${curator.id}`, (locale) => curationRequest(view, locale)),
  );
  await enqueue(tx, entries);
  return curators.map((c) => c.name);
}
