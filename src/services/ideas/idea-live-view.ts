import type { LiveViewSource } from "../outbox-worker";
import { companyLocale, companyTimezone, type ServiceDeps } from "../deps";
import { ideaCard } from "./idea-messages";
import { loadIdeaView } from "./idea-queries";

/**
 * Idea cards in channels are rendered when sent, in the company's language, and every post
 * of an idea is recorded so later changes update it in place.
 */
export function ideaLiveViews(deps: Pick<ServiceDeps, "prisma" | "organisation">): LiveViewSource {
  return {
    async render(ref) {
      const view = await loadIdeaView(deps.prisma, ref.id);
      return view && ideaCard(view, companyLocale(deps), companyTimezone(deps));
    },
    async posts(id, platform) {
      const posts = await deps.prisma.ideaPost.findMany({ where: { ideaId: id, platform } });
      return posts.map((p) => ({ channel: p.channel, messageId: p.messageId, view: { subject: "idea", id, purpose: p.purpose } }));
    },
    async record(tx, view, platform, posted) {
      await tx.ideaPost.createMany({
        data: [{ ideaId: view.id, platform, purpose: view.purpose, channel: posted.channel, messageId: posted.messageId }],
        skipDuplicates: true,
      });
    },
  };
}
