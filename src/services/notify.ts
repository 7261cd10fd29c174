import type { Message } from "../chat/message";
import type { Locale } from "../i18n";
import { localeOf, type ServiceDeps, type Tx } from "./deps";
import { enqueue, type OutboxEntry, type PlatformName } from "./outbox";

export interface Addressable {
  id: number;
  slackUserId: string | null;
  teamsUserId: string | null;
  locale: string | null;
}

function userIdOn(platform: PlatformName, person: Addressable): string | null {
  if (platform === "WEB") return webPersonTarget(person.id);
  return platform === "SLACK" ? person.slackUserId : person.teamsUserId;
}

/** Where the web surface keeps a person's direct messages. */
export function webPersonTarget(employeeId: number): string {
  return `employee:${employeeId}`;
}

/**
 * A channel on a platform. The web shows each channel as the organisation names it on Slack
 * (else on Teams), so what was posted there can be read in the browser.
 */
export function channelOn(platform: PlatformName, channels: { slack?: string | null; teams?: string | null }): string | null | undefined {
  if (platform === "WEB") return channels.slack ?? channels.teams;
  return platform === "SLACK" ? channels.slack : channels.teams;
}

/** The outbox entries of `notifyPerson`, for a caller that enqueues many messages in one statement. */
export function personMessages(
  deps: Pick<ServiceDeps, "platforms" | "organisation">,
  person: Addressable,
  dedupeKey: string,
  build: (locale: Locale) => Message,
): OutboxEntry[] {
  const entries: OutboxEntry[] = [];
  for (const platform of deps.platforms) {
    const user = userIdOn(platform, person);
    if (!user) continue;
    entries.push({ platform, dedupeKey: `${platform}:${dedupeKey}`, payload: { kind: "post", to: { user }, message: build(localeOf(deps, person)) } });
  }
  return entries;
}

/**
 * A direct message to one person, in their language, on every platform where the bot runs
 * and knows them. The dedupe key names the event, so a retry never sends it twice.
 */
export async function notifyPerson(
  tx: Tx,
  deps: Pick<ServiceDeps, "platforms" | "organisation">,
  person: Addressable,
  dedupeKey: string,
  build: (locale: Locale) => Message,
): Promise<void> {
  await enqueue(tx, personMessages(deps, person, dedupeKey, build));
}

/** Brings every post of a subject up to date, on every platform. */
export async function refreshPosts(tx: Tx, deps: Pick<ServiceDeps, "platforms">, subject: string, id: number, dedupeKey: string): Promise<void> {
  await enqueue(
    tx,
    deps.platforms.map((platform) => ({ platform, dedupeKey: `${platform}:${dedupeKey}`, payload: { kind: "refresh" as const, subject, id } })),
  );
}

/** The outbox entries of `notifyChannel`, for a caller that enqueues many messages in one statement. */
export function channelMessages(
  deps: Pick<ServiceDeps, "platforms">,
  channels: { slack?: string | null; teams?: string | null },
  dedupeKey: string,
  message: Message,
): OutboxEntry[] {
  const entries: OutboxEntry[] = [];
  for (const platform of deps.platforms) {
    const channel = channelOn(platform, channels);
    if (channel) entries.push({ platform, dedupeKey: `${platform}:${dedupeKey}`, payload: { kind: "post", to: { channel }, message } });
  }
  return entries;
}

/** A post in a channel, on every platform where the bot runs and the channel is named. */
export async function notifyChannel(
  tx: Tx,
  deps: Pick<ServiceDeps, "platforms">,
  channels: { slack?: string | null; teams?: string | null },
  dedupeKey: string,
  message: Message,
): Promise<void> {
  await enqueue(tx, channelMessages(deps, channels, dedupeKey, message));
}
