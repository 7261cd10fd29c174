import type { Block, Button, Inline, Message, Text } from "../../chat/message";
import { translator, type Locale, textDirection } from "../../i18n";
import type { StoryPerson, StoryView } from "./story-queries";

/** Button actions of stories; platform listeners register these names. */
export const STORY_ACTIONS = {
  publish: "story.publish",
  decline: "story.decline",
  postAnyway: "story.post_anyway",
  discard: "story.discard",
} as const;


export function personMention(person: Pick<StoryPerson, "name" | "slackUserId" | "teamsUserId">): Inline {
  return {
    mention: {
      slack: person.slackUserId ?? undefined,
      ...(person.teamsUserId ? { teams: { id: person.teamsUserId, name: person.name } } : {}),
      name: person.name,
    },
  };
}

function joined(items: Inline[], separator = ", "): Inline[] {
  return items.flatMap((item, i) => (i === 0 ? [item] : [separator, item]));
}

/** A short message with optional buttons: replies and direct messages. */
export function storyNotice(locale: Locale, text: Text, buttons: Button[] = []): Message {
  const blocks: Block[] = [{ type: "section", text }];
  if (buttons.length) blocks.push({ type: "actions", buttons });
  return { direction: textDirection(locale), summary: text, blocks };
}

/** The story's own blocks: what happened, who, and what it meant for the customer. */
function storyBlocks(view: StoryView, locale: Locale): Block[] {
  const tr = translator(locale);
  const blocks: Block[] = [{ type: "section", text: view.text }];
  if (view.customerImpact) blocks.push({ type: "section", text: [{ bold: tr("stories.card.impact") }, "\n", view.customerImpact] });
  const fields: { label: Text; value: Text }[] = [{ label: tr("stories.card.sharedBy"), value: personMention(view.author) }];
  if (view.colleagues.length) fields.push({ label: tr("stories.card.colleagues"), value: joined(view.colleagues.map(personMention)) });
  if (view.department) fields.push({ label: tr("stories.card.department"), value: view.department.name });
  blocks.push({ type: "section", text: "", fields });
  if (view.sourceMessageUrl) {
    blocks.push({ type: "context", text: [`${tr("stories.form.fromMessage")} `, { link: view.sourceMessageUrl, label: tr("stories.form.fromMessageLink") }] });
  }
  return blocks;
}

/** The post in the stories channel and in the departments' channels. */
export function storyCard(view: StoryView, locale: Locale): Message {
  const tr = translator(locale);
  return {
    direction: textDirection(locale),
    summary: tr("stories.card.summary", { author: view.author.name }),
    blocks: [{ type: "header", text: tr("stories.card.header") }, ...storyBlocks(view, locale)],
  };
}

/** What a curator receives: the story and the choice to publish or decline it. */
export function curationRequest(view: StoryView, locale: Locale): Message {
  const tr = translator(locale);
  const id = String(view.id);
  return {
    direction: textDirection(locale),
    summary: tr("stories.curation.summary", { author: view.author.name }),
    blocks: [
      { type: "header", text: tr("stories.curation.header", { number: view.id }) },
      ...storyBlocks(view, locale),
      {
        type: "actions",
        buttons: [
          { action: STORY_ACTIONS.publish, label: tr("stories.curation.publish"), value: id, style: "primary" },
          { action: STORY_ACTIONS.decline, label: tr("stories.curation.decline"), value: id, style: "danger" },
        ],
      },
    ],
  };
}

/** A colleague named in a published story hears about it. */
export function colleagueNotice(view: StoryView, locale: Locale): Message {
  const tr = translator(locale);
  const intro = tr("stories.notify.colleague", { author: view.author.name });
  return { direction: textDirection(locale), summary: intro, blocks: [{ type: "section", text: intro }, ...storyBlocks(view, locale)] };
}

/** `/story <text>` held back: what looks like personal data, and what to do. The buttons carry only the story's id. */
export function personalDataHold(locale: Locale, storyId: number, findings: readonly string[]): Message {
  const tr = translator(locale);
  const id = String(storyId);
  return {
    direction: textDirection(locale),
    summary: tr("stories.personalData.intro", { found: findings.join(", ") }),
    blocks: [
      { type: "section", text: tr("stories.personalData.intro", { found: findings.join(", ") }) },
      { type: "context", text: tr("stories.personalData.advice") },
      {
        type: "actions",
        buttons: [
          { action: STORY_ACTIONS.postAnyway, label: tr("stories.personalData.postAnyway"), value: id, style: "primary" },
          { action: STORY_ACTIONS.discard, label: tr("stories.personalData.discard"), value: id },
        ],
      },
    ],
  };
}

/** What the author is told once the story is saved: published, or waiting for the curators. */
export function submittedText(locale: Locale, outcome: { kind: "published" | "awaiting"; storyId: number; curators: readonly string[] }): string {
  const tr = translator(locale);
  return outcome.kind === "published"
    ? tr("stories.sent.published", { number: outcome.storyId })
    : tr("stories.sent.awaiting", { number: outcome.storyId, names: namesText(locale, outcome.curators) });
}

export function namesText(locale: Locale, names: readonly string[]): string {
  return names.length ? names.join(", ") : translator(locale)("stories.curation.nobody");
}
