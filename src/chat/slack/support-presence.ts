/**
 * Who is on the support line, in Slack: the user group `@<support_line.user_group>` and
 * people's statuses. The group is managed with the bot token (usergroups:read/write); a
 * status is read with the bot token (users.profile:read) but only a workspace admin's user
 * token may set another person's, so statuses are left alone without one.
 */
import { WebClient } from "@slack/web-api";
import type { SlackSettings } from "../../config/env";
import type { Logger } from "../../logger";
import type { PresenceStatus, SupportPresencePlatform } from "../../services/rotation/support-presence";
import { slackLogger } from "./logger";

function webClient(token: string, apiUrl: string | undefined, logger: Logger): WebClient {
  return new WebClient(token, {
    logger: slackLogger(logger),
    slackApiUrl: apiUrl?.replace(/\/?$/, "/"),
    // No built-in retries (they can wait for minutes): a failed sync is retried by the shift
    // timers, from the database's state at that moment.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  });
}

function sameMembers(current: readonly string[] | undefined, wanted: readonly string[]): boolean {
  const have = new Set(current ?? []);
  return have.size === wanted.length && wanted.every((id) => have.has(id));
}

export function slackSupportPresence(settings: Pick<SlackSettings, "botToken" | "apiUrl" | "adminUserToken">, logger: Logger): SupportPresencePlatform {
  const bot = webClient(settings.botToken, settings.apiUrl, logger);
  const admin = settings.adminUserToken ? webClient(settings.adminUserToken, settings.apiUrl, logger) : undefined;
  if (!admin) {
    logger.info("Slack statuses on shift: off (set SLACK_ADMIN_USER_TOKEN, a workspace admin's user token, to show who is on the support line)");
  }
  return {
    platform: "SLACK",
    async setOnShift(handle, userIds) {
      const { usergroups = [] } = await bot.usergroups.list({ include_disabled: true, include_users: true });
      const group = usergroups.find((g) => g.handle === handle);
      const enabled = group !== undefined && !group.date_delete;
      if (userIds.length === 0) {
        // Slack refuses a group with no members: disabling it is how it says "nobody".
        if (group?.id && enabled) await bot.usergroups.disable({ usergroup: group.id });
        return;
      }
      let id = group?.id;
      if (!id) {
        const created = await bot.usergroups.create({
          name: `Support line (${handle})`,
          handle,
          description: "Whoever is on the support line right now; kept up to date by the bot.",
        });
        id = created.usergroup?.id;
        if (!id) throw new Error(`Slack created user group @${handle} without returning its id`);
      } else if (!enabled) {
        await bot.usergroups.enable({ usergroup: id });
      }
      // A disabled group's member list is not to be trusted; an unchanged one needs no call.
      if (!enabled || !sameMembers(group?.users, userIds)) {
        await bot.usergroups.users.update({ usergroup: id, users: userIds.join(",") });
      }
    },
    statuses: admin && {
      async get(user): Promise<PresenceStatus> {
        const { profile } = await bot.users.profile.get({ user });
        return { text: profile?.status_text ?? "", emoji: profile?.status_emoji ?? "", expiration: profile?.status_expiration ?? 0 };
      },
      async set(user, status) {
        await admin.users.profile.set({
          user,
          profile: { status_text: status.text, status_emoji: status.emoji, status_expiration: status.expiration },
        });
      },
    },
  };
}
