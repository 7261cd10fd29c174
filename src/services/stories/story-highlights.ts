/**
 * The messages that celebrate appreciated stories: the story of the week in the stories
 * channel, the direct messages to the people in it, and the quarter's top list. Story text
 * is passed as typed; the renderers escape it.
 */
import type { Block, Inline, Message, Text } from "../../chat/message";
import { truncate } from "../../domain/text-safety";
import { translator, type Locale, textDirection } from "../../i18n";

/** A person as these messages show them. */
export interface StoryPerson {
  name: string;
  slackUserId?: string | null;
  teamsUserId?: string | null;
}

export interface HighlightedStory {
  id: number;
  text: string;
  author: StoryPerson;
  colleagues: StoryPerson[];
  people: number;
  reactions: number;
}

/** How long the story of the week's text may be in its highlight, and in a direct message. */
export const HIGHLIGHT_TEXT = 1500;
export const EXCERPT_TEXT = 300;
const SUMMARY_TEXT = 100;


function mention(person: StoryPerson): Inline {
  return {
    mention: {
      slack: person.slackUserId ?? undefined,
      teams: person.teamsUserId ? { id: person.teamsUserId, name: person.name } : undefined,
      name: person.name,
    },
  };
}

/** "A, B and C" in the locale's words, with each piece as given (a mention, or a plain name). */
export function listOf(locale: Locale, items: readonly Inline[]): Inline[] {
  const format = new Intl.ListFormat(locale === "he" ? "he" : "en", { style: "long", type: "conjunction" });
  // The elements come back in the order given, between the locale's words ("," "and" "ו").
  let next = 0;
  return format.formatToParts(items.map((_, i) => `#${i}`)).map((part) => (part.type === "element" ? items[next++]! : part.value));
}

/** Plain names as "A, B and C", for text that notifies nobody. */
export function namesOf(locale: Locale, names: readonly string[]): string {
  return new Intl.ListFormat(locale === "he" ? "he" : "en", { style: "long", type: "conjunction" }).format(names);
}

function counts(locale: Locale, story: Pick<HighlightedStory, "people" | "reactions">): string {
  return translator(locale)("storyHighlights.counts", { people: story.people, reactions: story.reactions });
}

function peopleBlock(locale: Locale, story: HighlightedStory): Block {
  const tr = translator(locale);
  const text: Inline[] = [{ bold: tr("storyHighlights.toldBy") }, " ", mention(story.author)];
  if (story.colleagues.length > 0) text.push("\n", { bold: tr("storyHighlights.featuring") }, " ", ...listOf(locale, story.colleagues.map(mention)));
  return { type: "section", text };
}

/** The story of the week, posted in the stories channel in the company's language. */
export function storyOfWeekHighlight(story: HighlightedStory, locale: Locale, options: { late?: boolean } = {}): Message {
  const tr = translator(locale);
  const blocks: Block[] = [
    { type: "header", text: tr("storyHighlights.weekHeader") },
    { type: "section", text: tr("storyHighlights.weekIntro") },
    { type: "section", text: truncate(story.text, HIGHLIGHT_TEXT) },
    peopleBlock(locale, story),
    { type: "context", text: counts(locale, story) },
  ];
  if (options.late) blocks.push({ type: "context", text: tr("storyHighlights.late") });
  return { summary: tr("storyHighlights.summary", { excerpt: truncate(story.text, SUMMARY_TEXT) }), blocks, direction: textDirection(locale) };
}

/** The direct message to the story's author, or to a colleague named in it, in their language. */
export function storyOfWeekNotice(story: HighlightedStory, role: "author" | "colleague", locale: Locale): Message {
  const tr = translator(locale);
  const intro = role === "author" ? tr("storyHighlights.authorNotice") : tr("storyHighlights.colleagueNotice", { author: story.author.name });
  const blocks: Block[] = [
    { type: "section", text: intro },
    { type: "section", text: truncate(story.text, EXCERPT_TEXT) },
    { type: "context", text: counts(locale, story) },
  ];
  return { summary: intro, blocks, direction: textDirection(locale) };
}

/** A story in the quarter's top list. */
export interface TopStory {
  text: string;
  authorName: string;
  colleagueNames: string[];
  people: number;
  reactions: number;
}

/** A colleague in the quarter's top list. */
export interface TopColleague {
  name: string;
  /** Stories of the quarter that name them. */
  stories: number;
  /** People who reacted to those stories, added up story by story. */
  people: number;
}

/** How long each story's excerpt is in the top list. */
export const TOP_EXCERPT = 200;

/**
 * The quarter's most appreciated stories and who appears in them most. Names are plain
 * text, never mentions: reading the list notifies nobody.
 */
export function storyTopList(
  locale: Locale,
  quarter: { quarter: number; year: number },
  stories: readonly TopStory[],
  colleagues: readonly TopColleague[],
): Message {
  const tr = translator(locale);
  const label = tr("storyHighlights.quarter", { quarter: quarter.quarter, year: quarter.year });
  const header = tr("storyHighlights.topHeader", { quarter: label });
  const blocks: Block[] = [{ type: "header", text: header }];
  if (stories.length === 0) {
    blocks.push({ type: "section", text: tr("storyHighlights.topNone") });
    return { summary: header, blocks, direction: textDirection(locale) };
  }
  stories.forEach((story, i) => {
    const by =
      story.colleagueNames.length > 0
        ? tr("storyHighlights.byWith", { author: story.authorName, colleagues: namesOf(locale, story.colleagueNames) })
        : tr("storyHighlights.by", { author: story.authorName });
    const text: Text = [{ bold: `${i + 1}.` }, " ", truncate(story.text, TOP_EXCERPT), "\n", by, " · ", counts(locale, story)];
    blocks.push({ type: "section", text });
  });
  blocks.push({ type: "divider" }, { type: "section", text: { bold: tr("storyHighlights.colleaguesHeader") } });
  if (colleagues.length === 0) blocks.push({ type: "section", text: tr("storyHighlights.colleaguesNone") });
  else {
    const lines = colleagues.map((c, i) => tr("storyHighlights.colleagueLine", { rank: i + 1, name: c.name, stories: c.stories, people: c.people }));
    blocks.push({ type: "section", text: lines.join("\n") }, { type: "context", text: tr("storyHighlights.colleaguesNote") });
  }
  return { summary: header, blocks, direction: textDirection(locale) };
}
