import type { App } from "@slack/bolt";
import { z } from "zod";
import { recordStoryReaction } from "../../../../services/stories/story-reactions";
import { requestKeyOf, type SlackDeps } from "../support";

/**
 * The parts of Slack's reaction_added / reaction_removed event we use. Reactions on files
 * and file comments carry no channel and ts, and fail here like a malformed payload.
 */
export const slackReactionEvent = z.object({
  type: z.enum(["reaction_added", "reaction_removed"]),
  user: z.string().min(1).max(64),
  reaction: z.string().min(1).max(100),
  item: z.object({
    type: z.literal("message"),
    channel: z.string().min(1).max(64),
    ts: z.string().regex(/^\d{1,12}\.\d{1,8}$/),
  }),
});

/**
 * Reactions on a story's posts count as appreciation of the story. Bolt acknowledges events
 * before any listener runs, so Slack never waits on the database; a retry is recognised by
 * its event id, and the rows' keys make the work idempotent anyway.
 */
export function registerStoryReactions(app: App, deps: SlackDeps): void {
  const handler = async ({ event, body, context }: { event: unknown; body: unknown; context: { botUserId?: string } }) => {
    const parsed = slackReactionEvent.safeParse(event);
    if (!parsed.success) return; // a reaction on a file, or a payload we do not understand: not a story's
    const e = parsed.data;
    try {
      const outcome = await recordStoryReaction(deps.services, {
        change: e.type === "reaction_added" ? "added" : "removed",
        platform: "SLACK",
        channel: e.item.channel,
        messageId: e.item.ts,
        userId: e.user,
        emoji: e.reaction,
        botUserId: context.botUserId,
        requestKey: requestKeyOf(body),
      });
      if (outcome.kind === "counted" || outcome.kind === "uncounted") deps.logger.debug({ outcome }, "Story reaction recorded");
    } catch (error) {
      // Acknowledged already: Slack will not retry, so the failure is only logged.
      deps.logger.error({ err: error, channel: e.item.channel, ts: e.item.ts }, "Could not record a reaction to a story");
    }
  };
  app.event("reaction_added", handler);
  app.event("reaction_removed", handler);
}
