/**
 * Appreciation of a story on the web: under each story post in the channel view, a row of
 * emoji buttons with how many people used each, on any platform. Pressing one adds the
 * person's reaction, pressing it again takes it back, counted by the same service as a
 * Slack or Teams reaction (one person's one emoji counts once per story, wherever it was put).
 */
import { z } from "zod";
import { translator, type Locale } from "../../i18n";
import type { ServiceDeps } from "../../services/deps";
import { recordStoryReaction, type ReactionOutcome } from "../../services/stories/story-reactions";
import { html, type Html } from "./html";
import { hiddenRequest, type RenderContext } from "./message-html";

/** The emoji the web offers, by the names Slack gives them, so counts add up across platforms. */
export const WEB_REACTIONS = { clap: "👏", heart: "❤️", raised_hands: "🙌", tada: "🎉" } as const;
export type WebReaction = keyof typeof WEB_REACTIONS;

export const REACT_PATH = "/app/react";

/** Where else reaction rows are shown, so a press comes back there (the console's stories wall); nothing else is followed. */
const RETURN_TO = /^\/app\/console\/stories(\?page=\d{1,5})?$/;

/** The page a reaction form asked to come back to, when it is one that shows reaction rows. */
export function reactionReturn(form: unknown): string | undefined {
  const back = (form as { back?: unknown } | undefined)?.back;
  return typeof back === "string" && RETURN_TO.test(back) ? back : undefined;
}

export const reactionFormSchema = z.object({
  post: z.coerce.number().int().positive(),
  emoji: z.enum(Object.keys(WEB_REACTIONS) as [WebReaction, ...WebReaction[]]),
});

interface StoryPostRef {
  storyId: number;
  messageId: string;
}

/** The reaction row under each story post among these web posts, by post id. */
export async function storyReactionBars(
  services: ServiceDeps,
  target: string,
  postIds: number[],
  viewerId: number,
  locale: Locale,
  context: RenderContext,
  /** A page besides the channel that shows these rows (see RETURN_TO), to come back to after a press. */
  back?: string,
): Promise<Map<number, Html>> {
  const storyPosts: StoryPostRef[] = await services.prisma.storyPost.findMany({
    where: { platform: "WEB", channel: target, messageId: { in: postIds.map(String) } },
    select: { storyId: true, messageId: true },
  });
  if (storyPosts.length === 0) return new Map();
  const storyIds = [...new Set(storyPosts.map((p) => p.storyId))];
  const reactions = await services.prisma.storyReaction.findMany({ where: { storyId: { in: storyIds } }, select: { storyId: true, employeeId: true, emoji: true } });
  const tr = translator(locale);
  return new Map(
    storyPosts.map((post) => {
      const ofStory = reactions.filter((r) => r.storyId === post.storyId);
      const buttons = (Object.entries(WEB_REACTIONS) as [WebReaction, string][]).map(([name, glyph]) => {
        const used = ofStory.filter((r) => r.emoji === name);
        const pressed = used.some((r) => r.employeeId === viewerId);
        const label = tr(pressed ? "web.reactions.remove" : "web.reactions.add", { emoji: glyph, count: used.length });
        return html`<form method="post" action="${REACT_PATH}" class="button-form">${hiddenRequest(context)}<input type="hidden" name="post" value="${post.messageId}"><input type="hidden" name="emoji" value="${name}">${back ? html`<input type="hidden" name="back" value="${back}">` : ""}<button type="submit" class="button reaction" aria-pressed="${String(pressed)}" aria-label="${label}"><span aria-hidden="true">${glyph}</span> <bdi>${used.length}</bdi></button></form>`;
      });
      const people = new Set(ofStory.map((r) => r.employeeId)).size;
      return [Number(post.messageId), html`<div class="reactions" role="group" aria-label="${tr("web.reactions.label")}">${buttons}<span class="appreciated">${tr("web.reactions.people", { count: people })}</span></div>`];
    }),
  );
}

/**
 * A press of a reaction button: the person's reaction is added, or taken back when they had
 * already given it. Only a story post on the web can be reacted to; the service ignores the rest.
 */
export async function toggleStoryReaction(services: ServiceDeps, employeeId: number, form: unknown, requestKey: string | undefined): Promise<{ target: string; outcome: ReactionOutcome } | undefined> {
  const parsed = reactionFormSchema.safeParse(form);
  if (!parsed.success) return undefined;
  const { post, emoji } = parsed.data;
  const row = await services.prisma.webPost.findUnique({ where: { id: post }, select: { target: true } });
  const storyPost = row && (await services.prisma.storyPost.findFirst({ where: { platform: "WEB", channel: row.target, messageId: String(post) }, select: { storyId: true } }));
  if (!row || !storyPost) return undefined;
  const given = await services.prisma.storyReaction.findFirst({ where: { storyId: storyPost.storyId, employeeId, emoji }, select: { storyId: true } });
  const outcome = await recordStoryReaction(services, {
    change: given ? "removed" : "added",
    platform: "WEB",
    channel: row.target,
    messageId: String(post),
    userId: String(employeeId),
    emoji,
    requestKey,
  });
  return { target: row.target, outcome };
}
