/**
 * Renders the neutral `Message` as HTML, as block-kit.ts does for Slack and adaptive-card.ts
 * for Teams. Text is escaped (see `./html`); names are isolated with `<bdi>` so that a Hebrew
 * name in an English sentence, or the reverse, keeps the sentence in order; buttons are small
 * forms that post their action and value back, each with the page's CSRF token.
 */
import { randomUUID } from "node:crypto";
import { type Block, type Button, inlinesOf, type Message, plainWords, type Text } from "../message";
import { html, join, type Html } from "./html";

export interface RenderContext {
  /** The CSRF token every form carries. */
  csrf: string;
  /** Where buttons post to. */
  actionPath: string;
}

/** Only addresses the bot builds are linked: its own pages and http(s) links. */
const SAFE_URL = /^(https?:\/\/|\/(?!\/))/i;

export function textHtml(text: Text): Html {
  return join(
    inlinesOf(text).map((item): Html => {
      if (typeof item === "string") return join(item.split("\n").map((line) => html`${line}`), html`<br>`);
      if ("bold" in item) return html`<strong>${textHtml(item.bold)}</strong>`;
      if ("italic" in item) return html`<em>${textHtml(item.italic)}</em>`;
      if ("mention" in item) return html`<strong class="mention"><bdi>${item.mention.name}</bdi></strong>`;
      const label = textHtml(item.label);
      return SAFE_URL.test(item.link) ? html`<a href="${item.link}"><bdi>${label}</bdi></a>` : html`<bdi>${label}</bdi>`;
    }),
  );
}

/**
 * What every form posts besides its own fields: the CSRF token, and an id of its own, which
 * makes a second submission of the same form (a double click, a reload) change nothing.
 */
export function hiddenRequest(context: RenderContext): Html {
  return html`<input type="hidden" name="_csrf" value="${context.csrf}"><input type="hidden" name="request" value="${randomUUID()}">`;
}

function buttonHtml(button: Button, context: RenderContext): Html {
  const hidden = html`${hiddenRequest(context)}<input type="hidden" name="action" value="${button.action}"><input type="hidden" name="value" value="${button.value}">`;
  const style = button.style ? ` button-${button.style}` : "";
  if (!button.confirm) {
    return html`<form method="post" action="${context.actionPath}" class="button-form">${hidden}<button type="submit" class="button${style}">${textHtml(button.label)}</button></form>`;
  }
  // A confirmation without script: the button opens the question, whose answer posts.
  const { title, text, confirm, deny } = button.confirm;
  return html`<details class="confirm"><summary class="button${style}">${textHtml(button.label)}</summary><form method="post" action="${context.actionPath}" class="confirm-form" aria-label="${plainWords(title)}">${hidden}<p><strong>${textHtml(title)}</strong></p><p>${textHtml(text)}</p><button type="submit" class="button${style}">${textHtml(confirm)}</button> <span class="deny">${textHtml(deny)}</span></form></details>`;
}

export function blockHtml(block: Block, context: RenderContext): Html {
  switch (block.type) {
    case "header":
      return html`<h2>${textHtml(block.text)}</h2>`;
    case "section": {
      const fields = block.fields?.length
        ? html`<dl class="fields">${block.fields.map((f) => html`<div><dt>${textHtml(f.label)}</dt><dd>${textHtml(f.value)}</dd></div>`)}</dl>`
        : "";
      return html`<div class="section"><p>${textHtml(block.text)}</p>${fields}</div>`;
    }
    case "context":
      return html`<p class="context">${textHtml(block.text)}</p>`;
    case "image":
      return SAFE_URL.test(block.url) ? html`<img src="${block.url}" alt="${plainWords(block.alt)}" class="chart">` : html`<p>${textHtml(block.alt)}</p>`;
    case "divider":
      return html`<hr>`;
    case "actions":
      return html`<div class="actions">${block.buttons.map((b) => buttonHtml(b, context))}</div>`;
  }
}

/** A message as an `<article>`, in its own direction and language when it has one. */
export function messageHtml(message: Message, context: RenderContext): Html {
  const dir = message.direction === "rtl" ? html` dir="rtl" lang="he"` : message.direction === "ltr" ? html` dir="ltr" lang="en"` : "";
  return html`<article class="message"${dir}>${message.blocks.map((b) => blockHtml(b, context))}</article>`;
}
