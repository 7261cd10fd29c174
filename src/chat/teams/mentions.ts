/**
 * People @mentioned in a Teams message: the text carries `<at>Name</at>`, and the activity
 * one entity of type "mention" per tag, with the person's Teams id. Both come from the
 * client and are read like any input.
 */
import { z } from "zod";

export interface TeamsMention {
  /** The person's Teams id: a Bot Framework id ("29:...") or an Entra object id. */
  id: string;
  /** The tag as it appears in the text, `<at>Name</at>`. */
  text: string;
}

const mentionSchema = z.object({
  type: z.literal("mention"),
  text: z.string().max(300),
  mentioned: z.object({ id: z.string().min(1).max(200) }),
});

/** The mentions among an activity's entities, in order, once each per id. */
export function teamsMentionsIn(entities: readonly unknown[] | undefined): TeamsMention[] {
  const mentions = new Map<string, TeamsMention>();
  for (const entity of entities ?? []) {
    const parsed = mentionSchema.safeParse(entity);
    if (parsed.success && !mentions.has(parsed.data.mentioned.id)) {
      mentions.set(parsed.data.mentioned.id, { id: parsed.data.mentioned.id, text: parsed.data.text });
    }
  }
  return [...mentions.values()];
}

const AT_TAG = /<at>([\s\S]*?)<\/at>/g;

/**
 * A message's text as people read it: each `<at>Name</at>` becomes "@Name", with the name
 * the organisation file gives the person mentioned when it knows them. The result is stored
 * and later escaped like any user text, so nothing in it can mention or notify anyone.
 */
export function readableTeamsText(text: string, mentions: readonly TeamsMention[], nameOf: (id: string) => string | undefined): string {
  return text.replace(AT_TAG, (tag, shown: string) => {
    const mention = mentions.find((m) => m.text === tag);
    return `@${(mention && nameOf(mention.id)) ?? shown.trim()}`;
  });
}
