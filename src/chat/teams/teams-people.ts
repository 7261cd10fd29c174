/**
 * People in Teams: the people picker submits Microsoft Entra object ids, matched to the
 * organisation's `teams_id`; a message names people with `<at>Name</at>` tags and one
 * entity of type "mention" per tag, with the person's Teams id. Both come from the client
 * and are read like any input.
 */
import { z } from "zod";
import type { Employee } from "../../generated/prisma/client";
import type { ServiceDeps } from "../../services/deps";
import type { NamedColleague, SurfacePeople } from "../conversation/request";

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

const AT_TAGS = /<at>[\s\S]*?<\/at>/g;

/** A mention entity's optional Entra object id, which Teams may send next to the `29:` id. */
const aadSchema = z.object({ mentioned: z.object({ id: z.string().max(200), aadObjectId: z.string().min(1).max(200) }) });

/** The active employee with this Teams id (an Entra object id from the people picker, or a Bot Framework id). */
async function employeeByTeamsId(services: ServiceDeps, ids: string[]): Promise<Employee | null> {
  return services.prisma.employee.findFirst({ where: { teamsUserId: { in: ids }, active: true } });
}

/**
 * The colleague named in the text: the first person @mentioned whose tag is still in it (the
 * bot's own mention has been removed from the text already, and bots' ids start with "28:").
 * Tried by the mention's id and, when the entity carries it, by the Entra object id.
 */
async function colleagueIn(services: ServiceDeps, text: string, entities: readonly unknown[]): Promise<NamedColleague | undefined> {
  const mention = teamsMentionsIn(entities).find((m) => text.includes(m.text) && !m.id.startsWith("28:"));
  if (!mention) return undefined;
  const ids = [mention.id];
  for (const entity of entities) {
    const parsed = aadSchema.safeParse(entity);
    if (parsed.success && parsed.data.mentioned.id === mention.id) ids.push(parsed.data.mentioned.aadObjectId);
  }
  const shown = mention.text.replace(/<\/?at>/g, "").trim();
  return { employee: await employeeByTeamsId(services, ids), name: shown || mention.id };
}

export function teamsPeople(services: ServiceDeps): SurfacePeople {
  return {
    platform: "TEAMS",
    byId: (id) => employeeByTeamsId(services, [id]),
    idOf: (employee) => employee.teamsUserId ?? undefined,
    readable: async (text, entities) => {
      const mentioned = teamsMentionsIn(entities);
      const known = mentioned.length
        ? await services.prisma.employee.findMany({ where: { teamsUserId: { in: mentioned.map((m) => m.id) }, active: true }, select: { teamsUserId: true, name: true } })
        : [];
      const names = new Map(known.map((e) => [e.teamsUserId!, e.name]));
      return { text: readableTeamsText(text, mentioned, (id) => names.get(id)), colleagueIds: [...names.keys()] };
    },
    colleagueIn: (text, entities) => colleagueIn(services, text, entities),
    argumentsOf: (text) => text.replace(AT_TAGS, " ").trim().split(/\s+/).filter(Boolean).slice(1),
  };
}
