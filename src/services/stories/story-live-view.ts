import { Prisma } from "../../generated/prisma/client";
import type { LiveViewSource } from "../outbox-worker";
import { companyLocale, type ServiceDeps } from "../deps";
import { storyCard } from "./story-messages";
import { loadStoryViews } from "./story-queries";

/** The live-view subject of story posts in channels. */
export const STORY_SUBJECT = "story";

/**
 * Story posts in channels are rendered when sent, in the company's language, and every post
 * is recorded in story_posts (channel and message id), so that a reaction to a post leads
 * back to its story. Only a published story is ever posted.
 */
export function storyLiveViews(deps: Pick<ServiceDeps, "prisma" | "organisation">): LiveViewSource {
  return {
    async render(refs) {
      const views = await loadStoryViews(deps.prisma, [...new Set(refs.map((ref) => ref.id))]);
      return refs.map((ref) => {
        const view = views.get(ref.id);
        return view && view.status === "PUBLISHED" ? storyCard(view, companyLocale(deps)) : undefined;
      });
    },
    async posts(id, platform) {
      const posts = await deps.prisma.storyPost.findMany({ where: { storyId: id, platform } });
      return posts.map((p) => ({ channel: p.channel, messageId: p.messageId, view: { subject: STORY_SUBJECT, id, purpose: "channel" } }));
    },
    recordStatement(view, platform, posted) {
      return Prisma.sql`
        INSERT INTO story_posts (story_id, platform, channel, message_id)
        VALUES (${view.id}, ${platform}::"Platform", ${posted.channel}, ${posted.messageId})
        ON CONFLICT (platform, channel, message_id) DO NOTHING`;
    },
  };
}
