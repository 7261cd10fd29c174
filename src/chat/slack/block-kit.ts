/**
 * Renders the neutral `Message` as Slack Block Kit.
 *
 * Every piece of `Text` goes through `mrkdwnString` or `plainString`, which escape user text,
 * build mentions and links themselves, and cut to Slack's limits without breaking markup.
 * Slack rejects a whole message when one limit is exceeded, so every limit is enforced
 * here rather than trusted to the services that build messages.
 */
import { chunk } from "../../domain/chunk";
import type {
  ActionsBlock,
  Button as SlackButton,
  ConfirmationDialog,
  ContextBlock,
  HeaderBlock,
  ImageBlock,
  KnownBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
} from "@slack/types";
import {
  type Block,
  type Button,
  type ButtonConfirm,
  inlinesOf,
  type Message,
  plainWords,
  type Text,
} from "../message";
import {
  containsRtl,
  delimited,
  encodeUrlChars,
  escapeSlackPlainText,
  escapeSlackText,
  isolatedIf,
  type MarkupToken,
  renderMarkup,
} from "../../domain/text-safety";

/**
 * Block Kit limits (docs.slack.dev, Block Kit reference), in UTF-16 code units, which is
 * never fewer than the characters Slack counts.
 */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  /** Slack truncates the top-level `text` beyond this. */
  messageText: 40_000,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  /** We put one text element in each context block, so this one is met by construction. */
  contextElements: 10,
  contextText: 3000,
  imageUrl: 3000,
  imageAltText: 2000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
} as const;

export interface BlockKitOptions {
  /** Shown in place of the blocks cut to respect `blocksPerMessage`. */
  shortenedNotice?: string;
  /** The App Home tab and modals allow more blocks than a message. */
  maxBlocks?: number;
}

const RIGHT_TO_LEFT_MARK = "\u200F";
const DEFAULT_NOTICE = {
  ltr: "This message was shortened to fit Slack's limits.",
  rtl: "ההודעה קוצרה כדי לעמוד במגבלות של Slack.",
};
// Slack user ids; anything else (a typo in the organisation file) is shown as a name.
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;
const ACTION_ID_SUFFIX = "#";

export function renderBlockKit(
  message: Message,
  options: BlockKitOptions = {},
): { text: string; blocks: KnownBlock[] } {
  const rtl = message.direction === "rtl";
  const blocks = message.blocks.flatMap((block) => renderBlock(block, rtl));
  return {
    text: mrkdwnString(message.summary, SLACK_LIMITS.messageText, rtl),
    blocks: capBlocks(blocks, options.shortenedNotice ?? DEFAULT_NOTICE[rtl ? "rtl" : "ltr"], rtl, options.maxBlocks),
  };
}

function capBlocks(blocks: KnownBlock[], noticeText: string, rtl: boolean, max: number = SLACK_LIMITS.blocksPerMessage): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  const notice = contextBlock(noticeText, rtl);
  return notice ? [...blocks.slice(0, max - 1), notice] : blocks.slice(0, max);
}

/**
 * Matches the action ids given to buttons of one action. Buttons sharing an action in one
 * actions block get `action`, `action#2`, `action#3`... because Slack requires action ids
 * to be unique within a block; register listeners with this pattern.
 */
export function slackActionIdPattern(action: string): RegExp {
  const escaped = action.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escaped}(?:${ACTION_ID_SUFFIX}\\d+)?$`);
}

function renderBlock(block: Block, rtl: boolean): KnownBlock[] {
  switch (block.type) {
    case "header": {
      const text = plainString(block.text, SLACK_LIMITS.headerText, rtl);
      return isBlank(text) ? [] : [{ type: "header", text: plainElement(text) } satisfies HeaderBlock];
    }
    case "section":
      return sectionBlocks(block, rtl);
    case "context": {
      const context = contextBlock(block.text, rtl);
      return context ? [context] : [];
    }
    case "image":
      return [imageBlock(block.url, block.alt, rtl)];
    case "divider":
      return [{ type: "divider" }];
    case "actions":
      return chunk(block.buttons, SLACK_LIMITS.actionsElements).map((buttons) => actionsBlock(buttons, rtl));
  }
}

function sectionBlocks(block: Extract<Block, { type: "section" }>, rtl: boolean): SectionBlock[] {
  const text = mrkdwnString(block.text, SLACK_LIMITS.sectionText, rtl);
  const textPart = isBlank(text) ? {} : { text: mrkdwnElement(text) };
  const fields = (block.fields ?? []).map(({ label, value }) => {
    const tokens = [...delimited("*", "*", mrkdwnTokens(label, rtl)), { text: "\n" }, ...mrkdwnTokens(value, rtl)];
    const render = (max: number) => renderMarkup(tokens, escapeSlackText, max);
    return mrkdwnElement(fit(render, SLACK_LIMITS.fieldText, rtl));
  });
  if (fields.length === 0) return isBlank(text) ? [] : [{ type: "section", ...textPart }];
  // Fields beyond the per-section maximum continue in further sections, without the text.
  return chunk(fields, SLACK_LIMITS.sectionFields).map((group, i) => ({
    type: "section",
    ...(i === 0 ? textPart : {}),
    fields: group,
  }));
}

function contextBlock(text: Text, rtl: boolean): ContextBlock | undefined {
  const rendered = mrkdwnString(text, SLACK_LIMITS.contextText, rtl);
  return isBlank(rendered) ? undefined : { type: "context", elements: [mrkdwnElement(rendered)] };
}

function imageBlock(url: string, alt: Text, rtl: boolean): ImageBlock {
  if (url.length > SLACK_LIMITS.imageUrl) {
    // A shortened URL points somewhere else; this is a bug in whoever built the message.
    throw new RangeError(`Slack image URL longer than ${SLACK_LIMITS.imageUrl} characters`);
  }
  return { type: "image", image_url: url, alt_text: plainString(alt, SLACK_LIMITS.imageAltText, rtl) };
}

function actionsBlock(buttons: readonly Button[], rtl: boolean): ActionsBlock {
  const seen = new Map<string, number>();
  const elements = buttons.map((button): SlackButton => {
    const count = (seen.get(button.action) ?? 0) + 1;
    seen.set(button.action, count);
    const actionId = count === 1 ? button.action : `${button.action}${ACTION_ID_SUFFIX}${count}`;
    // Ids and values are handed back to the bot on click: cutting them would silently
    // act on the wrong thing, so an oversized one is a bug to surface, not to hide.
    if (actionId.length > SLACK_LIMITS.actionId) {
      throw new RangeError(`Slack action_id longer than ${SLACK_LIMITS.actionId} characters: ${actionId}`);
    }
    if (button.value.length > SLACK_LIMITS.buttonValue) {
      throw new RangeError(`Slack button value longer than ${SLACK_LIMITS.buttonValue} characters`);
    }
    return {
      type: "button",
      action_id: actionId,
      text: plainElement(plainString(button.label, SLACK_LIMITS.buttonText, rtl)),
      value: button.value,
      ...(button.style ? { style: button.style } : {}),
      ...(button.confirm ? { confirm: confirmDialog(button.confirm, button.style, rtl) } : {}),
    };
  });
  return { type: "actions", elements };
}

function confirmDialog(confirm: ButtonConfirm, style: Button["style"], rtl: boolean): ConfirmationDialog {
  return {
    title: plainElement(plainString(confirm.title, SLACK_LIMITS.confirmTitle, rtl)),
    text: mrkdwnElement(mrkdwnString(confirm.text, SLACK_LIMITS.confirmText, rtl)),
    confirm: plainElement(plainString(confirm.confirm, SLACK_LIMITS.confirmButton, rtl)),
    deny: plainElement(plainString(confirm.deny, SLACK_LIMITS.confirmButton, rtl)),
    ...(style === "danger" ? { style: "danger" } : {}),
  };
}

// ---------------------------------------------------------------------------------------
// Text

// `verbatim` stops Slack from turning bare URLs, #channel names and @here typed by users
// into links and mentions; the mentions and links we build ourselves still render.
function mrkdwnElement(text: string): MrkdwnElement {
  return { type: "mrkdwn", text, verbatim: true };
}

export function plainElement(text: string): PlainTextElement {
  return { type: "plain_text", text, emoji: true };
}

function mrkdwnString(text: Text, max: number, rtl: boolean): string {
  const tokens = mrkdwnTokens(text, rtl);
  return fit((budget) => renderMarkup(tokens, escapeSlackText, budget), max, rtl);
}

/** The words of `text` for a plain_text object (modals use it too), escaped and cut to `max`. */
export function plainString(text: Text, max: number, rtl: boolean): string {
  const tokens = plainTokens(text, rtl);
  return fit((budget) => renderMarkup(tokens, escapeSlackPlainText, budget), max, rtl);
}

/**
 * Renders within `max`, counting the right-to-left marks that start every line of an rtl
 * message: they make Slack align each paragraph right and place its punctuation correctly.
 */
function fit(render: (max: number) => string, max: number, rtl: boolean): string {
  const full = render(Number.POSITIVE_INFINITY);
  if (!rtl) return full.length <= max ? full : render(max);
  const marked = markLines(full);
  if (marked.length <= max) return marked;
  // A shortened text has no more lines than the full one, so this reserve is enough.
  return markLines(render(max - (marked.length - full.length)));
}

function markLines(s: string): string {
  return s === "" ? s : s.split("\n").map((line) => RIGHT_TO_LEFT_MARK + line).join("\n");
}

function isBlank(s: string): boolean {
  return s.replaceAll(RIGHT_TO_LEFT_MARK, "").trim() === "";
}

function mrkdwnTokens(text: Text, rtl: boolean): MarkupToken[] {
  return inlinesOf(text).flatMap((item): MarkupToken[] => {
    if (typeof item === "string") return [{ text: item }];
    if ("bold" in item) return delimited("*", "*", mrkdwnTokens(item.bold, rtl));
    if ("italic" in item) return delimited("_", "_", mrkdwnTokens(item.italic, rtl));
    if ("mention" in item) {
      const { slack, name } = item.mention;
      const shown: MarkupToken =
        slack && SLACK_USER_ID.test(slack) ? { atom: `<@${slack}>` } : { text: name };
      return isolatedIf(rtl || containsRtl(name), [shown]);
    }
    const label = plainWords(item.label);
    // `|`, `>` and whitespace would end Slack's `<url|label>` early.
    const link = `<${encodeUrlChars(item.link, /[|<>\s]/g)}|${escapeSlackText(label)}>`;
    return isolatedIf(rtl || containsRtl(label), [{ atom: link }]);
  });
}

/** Tokens for plain_text objects, which show no formatting, mentions or links. */
function plainTokens(text: Text, rtl: boolean): MarkupToken[] {
  return inlinesOf(text).flatMap((item): MarkupToken[] => {
    if (typeof item === "string") return [{ text: item }];
    if ("bold" in item) return plainTokens(item.bold, rtl);
    if ("italic" in item) return plainTokens(item.italic, rtl);
    if ("mention" in item) {
      return isolatedIf(rtl || containsRtl(item.mention.name), [{ text: item.mention.name }]);
    }
    return plainTokens(item.label, rtl);
  });
}
