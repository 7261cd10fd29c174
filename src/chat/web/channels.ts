/**
 * The channel view: what the bot posted into each channel on the web surface, newest first,
 * by the channel's name (a department's, the stories channel, management). The posts list
 * reloads itself every few seconds (htmx), so a digest or a review card shows up as it is
 * posted and a card decided elsewhere changes in place.
 */
import type { Organisation } from "../../config/organisation";
import { translator, type Locale } from "../../i18n";
import type { ServiceDeps } from "../../services/deps";
import type { Message } from "../message";
import { html, type Html } from "./html";
import { messageHtml, type RenderContext } from "./message-html";
import { storyReactionBars } from "./story-reactions-html";

const PERSON_TARGET = /^employee:/;
const POSTS_SHOWN = 30;
export const LIVE_EVERY_SECONDS = 5;

export interface ChannelEntry {
  id: string;
  name: string;
}

/** The name people know a channel by: its department, or the company channel it is. */
export async function channelName(services: ServiceDeps, id: string, locale: Locale): Promise<string> {
  const tr = translator(locale);
  const department = await services.prisma.department.findFirst({ where: { OR: [{ slackChannel: id }, { teamsChannel: id }] }, select: { name: true } });
  if (department) return department.name;
  const organisation: Organisation | undefined = services.organisation();
  const named = (ref: { slack?: string; teams?: string } | undefined) => (ref?.slack ?? ref?.teams) === id;
  if (named(organisation?.channels.stories)) return tr("web.channels.stories");
  if (named(organisation?.channels.management)) return tr("web.channels.management");
  return tr("web.channels.other", { id });
}

/** Every channel the bot has posted in, by name. */
export async function postedChannels(services: ServiceDeps, locale: Locale): Promise<ChannelEntry[]> {
  const targets = await services.prisma.webPost.findMany({ distinct: ["target"], select: { target: true }, orderBy: { target: "asc" } });
  const channels = targets.map((t) => t.target).filter((target) => !PERSON_TARGET.test(target));
  const named = await Promise.all(channels.map(async (id) => ({ id, name: await channelName(services, id, locale) })));
  return named.sort((a, b) => a.name.localeCompare(b.name, locale));
}

function when(date: Date, locale: Locale, zone: string): string {
  return new Intl.DateTimeFormat(locale === "he" ? "he-IL" : "en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: zone }).format(date);
}

/** The latest posts to a channel or a person, newest first, as `viewerId` sees them (their own reactions pressed). */
export async function postsHtml(services: ServiceDeps, target: string, viewerId: number, locale: Locale, zone: string, context: RenderContext): Promise<Html> {
  const tr = translator(locale);
  const posts = await services.prisma.webPost.findMany({ where: { target }, orderBy: { id: "desc" }, take: POSTS_SHOWN });
  if (posts.length === 0) return html`<p>${tr(PERSON_TARGET.test(target) ? "web.inbox.empty" : "web.channels.empty")}</p>`;
  const reactions = await storyReactionBars(services, target, posts.map((p) => p.id), viewerId, locale, context);
  return html`${posts.map(
    (post) =>
      html`<div class="post" id="post-${post.id}"><p class="posted">${tr("web.channels.posted", { when: when(post.postedAt, locale, zone) })}${
        post.updatedAt ? html` · ${tr("web.channels.updated", { when: when(post.updatedAt, locale, zone) })}` : ""
      }</p>${messageHtml(post.payload as unknown as Message, context)}${reactions.get(post.id) ?? ""}</div>`,
  )}`;
}
