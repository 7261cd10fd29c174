/**
 * Renders the neutral `Message` as an Adaptive Card (schema 1.5) for Microsoft Teams, and
 * `Text` as Teams message markdown.
 *
 * User text is escaped with `escapeTeamsText`; mentions are built here as `<at>Name</at>`
 * together with the mention entities Teams needs to resolve them.
 *
 * Confirmation dialogs: Adaptive Cards have none. A button with a confirmation carries
 * the question in `data.confirm` (Teams markdown, escaped, ready for a TextBlock); the
 * Teams adapter answers such a submit with a follow-up card asking for confirmation, and
 * acts only when that one is confirmed.
 */
import { chunk } from "../../domain/chunk";
import { type Block, type Button, inlinesOf, type Message, plainWords, type Text } from "../message";
import {
  containsRtl,
  delimited,
  encodeUrlChars,
  escapeTeamsText,
  isolatedIf,
  type MarkupToken,
  renderMarkup,
} from "../../domain/text-safety";

export const TEAMS_LIMITS = {
  /**
   * Teams refuses bot messages of more than about 28 KB; the activity around the card
   * (ids, service URL, entities) needs some of that.
   */
  cardBytes: 25_000,
  /** Teams has no per-TextBlock cap; this keeps one long story from crowding out the rest. */
  textChars: 5000,
  /** When a card is too big, texts are shortened down to this; then trailing blocks go. */
  minTextChars: 200,
  /** Teams shows only the first few actions of a set (host config `maxActions`, 5 by default). */
  actionsPerSet: 5,
} as const;

export const ADAPTIVE_CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";

export interface MentionEntityJson {
  type: "mention";
  /** `<at>Name</at>`, exactly as it appears in the text. */
  text: string;
  mentioned: { id: string; name: string };
}

interface ElementBase {
  separator?: true;
  spacing?: "Medium";
}

export interface TextBlockJson extends ElementBase {
  type: "TextBlock";
  text: string;
  wrap: true;
  size?: "Small" | "Large";
  weight?: "Bolder";
  style?: "heading";
  isSubtle?: true;
}

export interface FactSetJson extends ElementBase {
  type: "FactSet";
  facts: { title: string; value: string }[];
}

export interface ImageJson extends ElementBase {
  type: "Image";
  url: string;
  altText: string;
}

export interface SubmitActionJson {
  type: "Action.Submit";
  title: string;
  style?: "positive" | "destructive";
  data: { action: string; value: string; confirm?: string };
}

export interface ActionSetJson extends ElementBase {
  type: "ActionSet";
  actions: SubmitActionJson[];
}

export type CardElementJson = TextBlockJson | FactSetJson | ImageJson | ActionSetJson;

export interface AdaptiveCardJson {
  type: "AdaptiveCard";
  $schema: typeof ADAPTIVE_CARD_SCHEMA;
  version: "1.5";
  rtl?: true;
  body: CardElementJson[];
  msteams?: { entities: MentionEntityJson[] };
}

export interface AdaptiveCardOptions {
  /** Shown in place of the blocks dropped to keep the card under `TEAMS_LIMITS.cardBytes`. */
  shortenedNotice?: string;
}

const DEFAULT_NOTICE = {
  ltr: "This message was shortened to fit Teams' limits.",
  rtl: "ההודעה קוצרה כדי לעמוד במגבלות של Teams.",
};

/** Renders `Text` for a plain Teams message; send `entities` with it so mentions resolve. */
export function renderTeamsText(text: Text): { text: string; entities: MentionEntityJson[] } {
  const mentions = new Mentions();
  const rendered = renderMarkup(teamsTokens(text, false, mentions), escapeTeamsMarkdown);
  return { text: rendered, entities: mentions.foundIn([rendered]) };
}

export function renderAdaptiveCard(message: Message, options: AdaptiveCardOptions = {}): AdaptiveCardJson {
  const rtl = message.direction === "rtl";
  const mentions = new Mentions();
  const drafts = draftBody(message.blocks, rtl, mentions);
  const notice = options.shortenedNotice ?? DEFAULT_NOTICE[rtl ? "rtl" : "ltr"];
  let shortened = false;
  for (;;) {
    const card = assemble(drafts, rtl, mentions, shortened ? notice : undefined);
    if (byteSize(card) <= TEAMS_LIMITS.cardBytes) return card;
    if (shortenLongestText(drafts)) continue;
    if (!dropTrailingBlock(drafts)) return card;
    shortened = true;
  }
}

// ---------------------------------------------------------------------------------------
// Drafts: the body before its texts are rendered, so that they can be re-rendered shorter.

/** A text whose length budget can still be lowered. */
class Slot {
  max: number = TEAMS_LIMITS.textChars;
  private rendered?: { max: number; text: string };
  constructor(private readonly tokens: MarkupToken[]) {}
  // Fitting a card re-renders it many times while lowering one slot's budget at a time.
  render(): string {
    if (this.rendered?.max !== this.max) {
      this.rendered = { max: this.max, text: renderMarkup(this.tokens, escapeTeamsMarkdown, this.max) };
    }
    return this.rendered.text;
  }
}

interface Draft {
  slots: Slot[];
  isActions: boolean;
  build(): CardElementJson;
}

function draftBody(blocks: readonly Block[], rtl: boolean, mentions: Mentions): Draft[] {
  const drafts: Draft[] = [];
  let separatorPending = false;
  for (const block of blocks) {
    if (block.type === "divider") {
      // Adaptive Cards draw separators above an element, not as an element.
      separatorPending = drafts.length > 0;
      continue;
    }
    for (const draft of draftBlock(block, rtl, mentions)) {
      drafts.push(separatorPending ? withSeparator(draft) : draft);
      separatorPending = false;
    }
  }
  return drafts;
}

function draftBlock(block: Exclude<Block, { type: "divider" }>, rtl: boolean, mentions: Mentions): Draft[] {
  const slot = (text: Text) => new Slot(teamsTokens(text, rtl, mentions));
  switch (block.type) {
    case "header":
      return textDrafts(slot(block.text), { size: "Large", weight: "Bolder", style: "heading" });
    case "context":
      return textDrafts(slot(block.text), { size: "Small", isSubtle: true });
    case "section": {
      const drafts = textDrafts(slot(block.text), {});
      const facts = (block.fields ?? []).map(({ label, value }) => [slot(label), slot(value)] as const);
      if (facts.length > 0) {
        drafts.push({
          slots: facts.flat(),
          isActions: false,
          build: () => ({
            type: "FactSet",
            facts: facts.map(([title, value]) => ({ title: title.render(), value: value.render() })),
          }),
        });
      }
      return drafts;
    }
    case "image": {
      const element: ImageJson = { type: "Image", url: block.url, altText: plainWords(block.alt) };
      return [{ slots: [], isActions: false, build: () => element }];
    }
    case "actions":
      return chunk(block.buttons, TEAMS_LIMITS.actionsPerSet).map((buttons) => {
        const element: ActionSetJson = { type: "ActionSet", actions: buttons.map(submitAction) };
        return { slots: [], isActions: true, build: () => element };
      });
  }
}

/** A TextBlock for the slot, or nothing when its text is empty. */
function textDrafts(slot: Slot, style: Omit<TextBlockJson, "type" | "text" | "wrap">): Draft[] {
  if (slot.render().trim() === "") return [];
  const build = (): TextBlockJson => ({ type: "TextBlock", text: slot.render(), wrap: true, ...style });
  return [{ slots: [slot], isActions: false, build }];
}

function withSeparator(draft: Draft): Draft {
  return { ...draft, build: () => ({ ...draft.build(), separator: true, spacing: "Medium" }) };
}

function submitAction(button: Button): SubmitActionJson {
  const confirm = button.confirm ? { confirm: escapeTeamsMarkdown(plainWords(button.confirm.text)) } : {};
  return {
    type: "Action.Submit",
    title: plainWords(button.label),
    ...(button.style ? { style: button.style === "primary" ? "positive" : "destructive" } : {}),
    data: { action: button.action, value: button.value, ...confirm },
  };
}

function assemble(
  drafts: readonly Draft[],
  rtl: boolean,
  mentions: Mentions,
  notice?: string,
): AdaptiveCardJson {
  const body = drafts.map((draft) => draft.build());
  if (notice) {
    body.push({ type: "TextBlock", text: escapeTeamsMarkdown(notice), wrap: true, size: "Small", isSubtle: true });
  }
  const entities = mentions.foundIn(body.flatMap(textsOf));
  return {
    type: "AdaptiveCard",
    $schema: ADAPTIVE_CARD_SCHEMA,
    version: "1.5",
    ...(rtl ? { rtl: true } : {}),
    body,
    ...(entities.length > 0 ? { msteams: { entities } } : {}),
  };
}

function byteSize(card: AdaptiveCardJson): number {
  return Buffer.byteLength(JSON.stringify(card), "utf8");
}

function shortenLongestText(drafts: readonly Draft[]): boolean {
  let longest: { slot: Slot; length: number } | undefined;
  for (const slot of drafts.flatMap((d) => d.slots)) {
    const length = slot.render().length;
    if (length > TEAMS_LIMITS.minTextChars && length > (longest?.length ?? 0)) longest = { slot, length };
  }
  if (!longest) return false;
  longest.slot.max = Math.max(TEAMS_LIMITS.minTextChars, Math.floor(longest.length * 0.75));
  return true;
}

// Buttons are what people act on, so text goes first.
function dropTrailingBlock(drafts: Draft[]): boolean {
  if (drafts.length <= 1) return false;
  const index = drafts.findLastIndex((d) => !d.isActions);
  drafts.splice(index === -1 ? drafts.length - 1 : index, 1);
  return true;
}

function textsOf(element: CardElementJson): string[] {
  if (element.type === "TextBlock") return [element.text];
  if (element.type === "FactSet") return element.facts.flatMap((f) => [f.title, f.value]);
  return [];
}

// ---------------------------------------------------------------------------------------
// Text

// TextBlock markdown needs a blank line for a line break; a single newline is a space.
function escapeTeamsMarkdown(s: string): string {
  return escapeTeamsText(s).replace(/\r?\n/g, "\n\n");
}

/** Mention entities met while rendering, kept only if their tag survives shortening. */
class Mentions {
  private readonly entities = new Map<string, MentionEntityJson>();

  tag(id: string, name: string): string {
    const text = `<at>${escapeTeamsText(name)}</at>`;
    this.entities.set(`${id}\u0000${text}`, { type: "mention", text, mentioned: { id, name } });
    return text;
  }

  foundIn(texts: readonly string[]): MentionEntityJson[] {
    return [...this.entities.values()].filter((e) => texts.some((t) => t.includes(e.text)));
  }
}

function teamsTokens(text: Text, rtl: boolean, mentions: Mentions): MarkupToken[] {
  return inlinesOf(text).flatMap((item): MarkupToken[] => {
    if (typeof item === "string") return [{ text: item }];
    if ("bold" in item) return delimited("**", "**", teamsTokens(item.bold, rtl, mentions));
    if ("italic" in item) return delimited("_", "_", teamsTokens(item.italic, rtl, mentions));
    if ("mention" in item) {
      const { teams, name } = item.mention;
      const shown: MarkupToken = teams ? { atom: mentions.tag(teams.id, teams.name) } : { text: name };
      return isolatedIf(rtl || containsRtl(name), [shown]);
    }
    const label = plainWords(item.label);
    // Parentheses, `<`, `>` and whitespace would end a markdown link destination early.
    const link = `[${escapeTeamsText(label)}](${encodeUrlChars(item.link, /[()<>\s]/g)})`;
    return isolatedIf(rtl || containsRtl(label), [{ atom: link }]);
  });
}
