/**
 * A neutral message as plain text, for the command line (`digest preview`): the same
 * content the platforms show, without markup. Buttons are left out: nothing to click.
 */
import { plainWords, type Block, type Message } from "./message";

function blockText(block: Block): string | undefined {
  switch (block.type) {
    case "header": {
      const text = plainWords(block.text);
      return `${text}\n${"=".repeat(Math.min(text.length, 80))}`;
    }
    case "section": {
      const fields = (block.fields ?? []).map((f) => `  ${plainWords(f.label)}: ${plainWords(f.value)}`);
      return [plainWords(block.text), ...fields].join("\n");
    }
    case "context":
      return `  ${plainWords(block.text).replaceAll("\n", "\n  ")}`;
    case "image":
      return `[${plainWords(block.alt)} ${block.url}]`;
    case "divider":
      return "—".repeat(20);
    case "actions":
      return undefined;
  }
}

export function messageAsText(message: Message): string {
  return message.blocks.flatMap((block) => blockText(block) ?? []).join("\n\n");
}
