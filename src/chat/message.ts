/**
 * The platform-neutral description of everything the bot posts. Services build these;
 * `slack/block-kit.ts` and `teams/adaptive-card.ts` render them. Nothing here is
 * pre-escaped: renderers escape every piece of `Text` for their platform, so user-written
 * text can never become markup, a mention or a link.
 */

/** Inline text: plain strings are always shown literally. */
export type Inline =
  | string
  | { bold: Text }
  | { italic: Text }
  /** A person the platform should mention, by their id on that platform. */
  | { mention: { slack?: string; teams?: { id: string; name: string } ; name: string } }
  /** A link whose URL the bot chose (never a URL taken from user text). */
  | { link: string; label: Text };

export type Text = Inline | Inline[];

export interface ButtonConfirm {
  title: Text;
  text: Text;
  confirm: Text;
  deny: Text;
}

export interface Button {
  /** Stable identifier of what the button does, e.g. "idea.approve". */
  action: string;
  label: Text;
  /** Opaque value handed back on click (an idea id, a shift id...). */
  value: string;
  style?: "primary" | "danger";
  confirm?: ButtonConfirm;
}

export type Block =
  | { type: "header"; text: Text }
  | { type: "section"; text: Text; fields?: { label: Text; value: Text }[] }
  | { type: "context"; text: Text }
  | { type: "image"; url: string; alt: Text }
  | { type: "divider" }
  | { type: "actions"; buttons: Button[] };

export interface Message {
  /** Shown in notifications and where rich content is not supported. */
  summary: Text;
  blocks: Block[];
  /** "rtl" for Hebrew and other right-to-left languages. */
  direction?: "ltr" | "rtl";
}

/** The inline pieces of a `Text`, whether it was given as one piece or as a list. */
export function inlinesOf(text: Text): readonly Inline[] {
  return Array.isArray(text) ? text : [text];
}

/**
 * The words of a `Text` without formatting (mentions by name, links by label), for places
 * that show no markup: button titles, alt text, notifications. Not escaped.
 */
export function plainWords(text: Text): string {
  return inlinesOf(text)
    .map((item) => {
      if (typeof item === "string") return item;
      if ("bold" in item) return plainWords(item.bold);
      if ("italic" in item) return plainWords(item.italic);
      if ("mention" in item) return item.mention.name;
      return plainWords(item.label);
    })
    .join("");
}
