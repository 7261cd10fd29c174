/**
 * The people of a Slack workspace, as a source of the organisation: members from
 * `users.list` (paged; Slack's 429 and Retry-After are waited out by the client), each keyed
 * by their profile email, their department proposed by the user groups the organisation
 * file maps to departments (`usergroups.users.list`), or else by a custom profile field the
 * file names (`team.profile.get` for its id, `users.profile.get` for each member's value).
 */
import { WebClient, type UsersListResponse } from "@slack/web-api";
import type { SlackSettings } from "../../config/env";
import type { Organisation } from "../../config/organisation";
import { toLocale } from "../../i18n";
import type { Logger } from "../../logger";
import type { SourceReading } from "../../services/people/apply-people";
import { slackLogger } from "./logger";

export type SlackPeopleOptions = NonNullable<Organisation["sources"]["slack"]>;

type Member = NonNullable<UsersListResponse["members"]>[number];

function displayName(member: Member): string {
  return (member.profile?.real_name || member.real_name || member.name || member.id || "").trim();
}

export function slackWorkspaceClient(settings: Pick<SlackSettings, "botToken" | "apiUrl">, logger: Logger): WebClient {
  return new WebClient(settings.botToken, {
    logger: slackLogger(logger),
    slackApiUrl: settings.apiUrl?.replace(/\/?$/, "/"),
    // A sync is not in a hurry: waiting out a 429's Retry-After, a few times, is right here.
    retryConfig: { retries: 5, factor: 1.5, minTimeout: 500, maxTimeout: 30_000 },
    timeout: 30_000,
  });
}

async function departmentsByMember(client: WebClient, userGroups: Readonly<Record<string, string>>, refused: string[]): Promise<Map<string, string>> {
  const byMember = new Map<string, string>();
  const wanted = Object.entries(userGroups);
  if (wanted.length === 0) return byMember;
  const groups = (await client.usergroups.list({ include_disabled: false })).usergroups ?? [];
  for (const [group, department] of wanted) {
    const found = groups.find((g) => g.id === group || g.handle === group.replace(/^@/, ""));
    if (!found?.id) {
      refused.push(`Slack user group "${group}" (for ${department}) does not exist in the workspace`);
      continue;
    }
    for (const member of (await client.usergroups.users.list({ usergroup: found.id })).users ?? []) {
      const earlier = byMember.get(member);
      if (earlier && earlier !== department) refused.push(`Slack user ${member} is in the groups of both ${earlier} and ${department}; ${earlier} is proposed`);
      else byMember.set(member, department);
    }
  }
  return byMember;
}

/** The id of the workspace's custom profile field with this label or id. */
async function profileFieldId(client: WebClient, field: string, refused: string[]): Promise<string | undefined> {
  const fields = (await client.team.profile.get({})).profile?.fields ?? [];
  const found = fields.find((f) => f.id === field || f.label?.trim().toLowerCase() === field.toLowerCase());
  if (!found?.id) refused.push(`Slack profile field "${field}" (for departments) does not exist in the workspace`);
  return found?.id;
}

/** users.profile.get calls in flight at once: Slack rate-limits them per workspace anyway. */
const PROFILE_READERS = 4;

/**
 * What each member wrote in the profile field: users.list leaves custom fields out, so it is
 * one users.profile.get per member (Slack's tier 4, about 100 a minute; the client waits out
 * its 429s), a few at a time.
 */
async function profileDepartments(client: WebClient, fieldId: string, members: readonly string[]): Promise<Map<string, string>> {
  const byMember = new Map<string, string>();
  const waiting = [...members];
  const worker = async () => {
    for (let member = waiting.shift(); member; member = waiting.shift()) {
      const value = (await client.users.profile.get({ user: member })).profile?.fields?.[fieldId]?.value?.trim();
      if (value) byMember.set(member, value);
    }
  };
  await Promise.all(Array.from({ length: PROFILE_READERS }, worker));
  return byMember;
}

export async function readSlackPeople(client: WebClient, options: SlackPeopleOptions): Promise<SourceReading> {
  const result: SourceReading = { people: [], refused: [], departed: [] };
  const departments = await departmentsByMember(client, options.userGroups, result.refused);
  const fieldId = options.departmentField ? await profileFieldId(client, options.departmentField, result.refused) : undefined;
  for await (const page of client.paginate("users.list", { limit: 200, include_locale: true }) as AsyncIterable<UsersListResponse>) {
    for (const member of page.members ?? []) {
      if (!member.id || member.is_bot || member.is_app_user || member.id === "USLACKBOT") continue;
      const guest = member.is_restricted || member.is_ultra_restricted;
      if (guest && !options.includeGuests) continue;
      const email = member.profile?.email?.trim().toLowerCase();
      if (member.deleted) {
        if (email) result.departed.push(email);
        continue;
      }
      if (!email) {
        result.refused.push(`Slack user ${member.id} (${displayName(member)}) has no email in their profile; left out`);
        continue;
      }
      const department = departments.get(member.id);
      const language = toLocale(member.locale);
      result.people.push({
        where: `Slack user ${member.id}`,
        email,
        values: {
          slack_id: member.id,
          name: displayName(member),
          ...(department ? { department } : {}),
          ...(member.tz ? { timezone: member.tz } : {}),
          ...(language ? { locale: language } : {}),
        },
      });
    }
  }
  if (fieldId) {
    // A mapped user group places a member first; the field places the others.
    const unplaced = result.people.filter((p) => p.values.department === undefined).map((p) => String(p.values.slack_id));
    const fromField = await profileDepartments(client, fieldId, unplaced);
    for (const person of result.people) {
      const department = fromField.get(String(person.values.slack_id));
      if (department) person.values.department = department;
    }
  }
  return result;
}

/** How a process with these Slack settings reads the workspace's people; none without a bot token. */
export function slackPeopleReader(settings: Pick<SlackSettings, "botToken" | "apiUrl"> | undefined, logger: Logger): ((options: SlackPeopleOptions) => Promise<SourceReading>) | undefined {
  if (!settings) return undefined;
  return (options) => readSlackPeople(slackWorkspaceClient(settings, logger), options);
}
