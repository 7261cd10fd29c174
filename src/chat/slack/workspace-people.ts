/**
 * The people of a Slack workspace, as a source of the organisation: members from
 * `users.list` (paged; Slack's 429 and Retry-After are waited out by the client), each keyed
 * by their profile email, their department proposed by the user groups the organisation
 * file maps to departments (`usergroups.users.list`).
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

export async function readSlackPeople(client: WebClient, options: SlackPeopleOptions): Promise<SourceReading> {
  const result: SourceReading = { people: [], refused: [], departed: [] };
  const departments = await departmentsByMember(client, options.userGroups, result.refused);
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
  return result;
}

/** How a process with these Slack settings reads the workspace's people; none without a bot token. */
export function slackPeopleReader(settings: Pick<SlackSettings, "botToken" | "apiUrl"> | undefined, logger: Logger): ((options: SlackPeopleOptions) => Promise<SourceReading>) | undefined {
  if (!settings) return undefined;
  return (options) => readSlackPeople(slackWorkspaceClient(settings, logger), options);
}
