import { Prisma } from "../../generated/prisma/client";
import type { LiveViewSource } from "../outbox-worker";
import { companyLocale, companyTimezone, type ServiceDeps } from "../deps";
import { ideaCard } from "./idea-messages";
import { loadIdeaViews } from "./idea-queries";

/**
 * Idea cards in channels are rendered when sent, in the company's language, and every post
 * of an idea is recorded so later changes update it in place.
 */
export function ideaLiveViews(deps: Pick<ServiceDeps, "prisma" | "organisation">): LiveViewSource {
  return {
    async render(refs) {
      const views = await loadIdeaViews(deps.prisma, [...new Set(refs.map((ref) => ref.id))]);
      return refs.map((ref) => {
        const view = views.get(ref.id);
        return view && ideaCard(view, companyLocale(deps), companyTimezone(deps));
      });
    },
    async posts(id, platform) {
      const posts = await deps.prisma.ideaPost.findMany({ where: { ideaId: id, platform } });
      return posts.map((p) => ({ channel: p.channel, messageId: p.messageId, view: { subject: "idea", id, purpose: p.purpose } }));
    },
    recordStatement(view, platform, posted) {
      return Prisma.sql`
        INSERT INTO idea_posts (idea_id, platform, purpose, channel, message_id, created_at)
        VALUES (${view.id}, ${platform}::"Platform", ${view.purpose}, ${posted.channel}, ${posted.messageId}, timezone('UTC', now()))
        ON CONFLICT (platform, channel, message_id) DO NOTHING`;
    },
  };
}
