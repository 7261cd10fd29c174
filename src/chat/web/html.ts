/**
 * HTML built from template literals where every interpolated value is escaped unless it is
 * already `Html`: text users wrote can only ever show as text.
 */
import escapeHtml from "escape-html";

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | boolean | null | undefined | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return "";
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join("");
  return escapeHtml(String(part));
}

/** `html\`<p>${text}</p>\``: the text escaped, nested `Html` kept. `false`, null and undefined render nothing. */
export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0]!;
  parts.forEach((part, i) => {
    out += render(part) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Several pieces as one. */
export function join(parts: readonly Part[], separator: Part = ""): Html {
  return new Html(parts.map(render).join(render(separator)));
}
