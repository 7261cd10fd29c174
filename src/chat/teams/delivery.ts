/**
 * Posts for the outbox into Teams, proactively, through the conversation references the bot
 * stored when it was installed (see `rememberConversation` in ./bot). botbuilder stays
 * behind this folder.
 */
import { type Activity, type CloudAdapter, type ConversationReference, TurnContext } from "botbuilder";
import type { ConnectorClient } from "botframework-connector";
import type { Message } from "../message";
import type { Recipient } from "../../services/outbox";
import { DeliveryError, type ChatDelivery } from "../../services/outbox-worker";
import type { PrismaClient } from "../../generated/prisma/client";
import type { Logger } from "../../logger";
import { DEFAULT_DELIVERY_TIMING } from "../../config/env";
import { cardActivity } from "./bot";

/** Teams accepts about 7 messages per second in one conversation. */
export const TEAMS_MESSAGES_PER_SECOND = 7;
const WINDOW_MS = 1000;
/** A 429 without Retry-After: wait this long before the next attempt. */
const DEFAULT_THROTTLE_MS = 5000;

export interface TeamsDeliveryDeps {
  prisma: PrismaClient;
  adapter: CloudAdapter;
  /** The bot's app id; empty when unauthenticated (local work and tests). */
  appId: string;
  logger: Logger;
  /** Per-conversation pace; Teams' own limit by default. */
  perSecond?: number;
  /**
   * TEAMS_CALL_TIMEOUT_MS, well inside the outbox's lease: a live worker learns each call's
   * outcome (or gives up waiting) before anyone else may take its message over.
   */
  callTimeoutMs?: number;
  /** TEAMS_POST_INTERVAL_MS: the outbox's pacing of one conversation across replicas. */
  postIntervalMs?: number;
}

/**
 * At most `perSecond` sends per conversation in any rolling second, in this process. Sends
 * to one conversation wait in line; each is counted when it finishes, so the connector sees
 * the same spacing however long a request takes.
 */
export class ConversationPacer {
  private readonly sent = new Map<string, number[]>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly perSecond = TEAMS_MESSAGES_PER_SECOND,
    private readonly windowMs = WINDOW_MS,
  ) {}

  run<T>(conversationId: string, send: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(conversationId) ?? Promise.resolve();
    const turn = previous.then(
      () => this.take(conversationId, send),
      () => this.take(conversationId, send),
    );
    const settled = turn.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(conversationId, settled);
    void settled.then(() => {
      if (this.queues.get(conversationId) === settled) this.queues.delete(conversationId);
    });
    return turn;
  }

  private async take<T>(conversationId: string, send: () => Promise<T>): Promise<T> {
    // Checked again after each wait: a timer may fire a millisecond before the window ends.
    for (let recent = this.recent(conversationId); recent.length >= this.perSecond; recent = this.recent(conversationId)) {
      const wait = recent[recent.length - this.perSecond]! + this.windowMs - Date.now();
      if (wait <= 0) break;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    try {
      return await send();
    } finally {
      const stamps = this.recent(conversationId);
      stamps.push(Date.now());
      this.sent.set(conversationId, stamps.slice(-this.perSecond));
    }
  }

  private recent(conversationId: string): number[] {
    const since = Date.now() - this.windowMs;
    const stamps = (this.sent.get(conversationId) ?? []).filter((t) => t > since);
    if (stamps.length === 0) this.sent.delete(conversationId);
    else this.sent.set(conversationId, stamps);
    return stamps;
  }
}

interface HttpFailure {
  name?: string;
  message?: string;
  code?: string;
  statusCode?: number;
  response?: { status?: number; headers?: unknown };
}

function headerOf(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== "object") return undefined;
  const withGet = headers as { get?: (n: string) => unknown };
  if (typeof withGet.get === "function") {
    const value = withGet.get(name);
    return value === undefined || value === null ? undefined : String(value);
  }
  const entry = Object.entries(headers as Record<string, unknown>).find(([key]) => key.toLowerCase() === name);
  return entry?.[1] === undefined ? undefined : String(entry[1]);
}

/** Retry-After in milliseconds (seconds or an HTTP date; the `-ms` variants Azure uses too). */
export function retryAfterMs(headers: unknown, now = Date.now()): number | undefined {
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const ms = Number(headerOf(headers, name));
    if (headerOf(headers, name) !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  }
  const value = headerOf(headers, "retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** Turns a connector failure into the outbox's judgement: wait how long, or give up. */
export function deliveryErrorOf(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const failure = (error ?? {}) as HttpFailure;
  const status = failure.statusCode ?? failure.response?.status;
  const what = failure.message ?? String(error);
  if (status === 429) {
    const wait = retryAfterMs(failure.response?.headers) ?? DEFAULT_THROTTLE_MS;
    return new DeliveryError(`rate limited by Teams (HTTP 429): ${what}`, false, wait);
  }
  if (status === 401 || status === 403 || status === 404) {
    // Bot removed from the team or chat, conversation deleted, or credentials refused.
    return new DeliveryError(`Teams refused (HTTP ${status}): ${what}`, true);
  }
  if (status !== undefined && status >= 400 && status < 500 && status !== 408) {
    return new DeliveryError(`Teams refused (HTTP ${status}): ${what}`, true);
  }
  // 5xx, 408, network errors: worth another try.
  return new DeliveryError(status ? `Teams failed (HTTP ${status}): ${what}` : `Teams unreachable: ${what}`, false);
}

/**
 * The connector client's own retry policy waits (Retry-After included) inside the call and
 * would hold the whole outbox; the outbox retries instead, so a retry survives a restart.
 * botbuilder 4.23.3 is its last release, so this reach into its client is stable.
 */
function withoutClientRetries(connector: ConnectorClient): void {
  const inner = (connector as unknown as { client?: { pipeline?: { removePolicy?: (p: { name: string }) => unknown } } }).client;
  inner?.pipeline?.removePolicy?.({ name: "defaultRetryPolicy" });
}

type StoredReference = Partial<ConversationReference> & { conversation: { id: string } };

/** Posts for the outbox through the Bot Connector service, as the stored references allow. */
export function teamsDelivery(deps: TeamsDeliveryDeps): ChatDelivery {
  const { prisma, adapter, appId, logger } = deps;
  const pacer = new ConversationPacer(deps.perSecond);
  const callOptions = { timeout: deps.callTimeoutMs ?? DEFAULT_DELIVERY_TIMING.teamsCallTimeoutMs };

  async function referenceFor(to: Recipient): Promise<StoredReference> {
    const row =
      "channel" in to
        ? await prisma.teamsConversation.findFirst({
            where: { OR: [{ teamsChannelId: to.channel }, { id: to.channel }], scope: { not: "personal" } },
            orderBy: { updatedAt: "desc" },
          })
        : await prisma.teamsConversation.findFirst({
            where: { teamsUserId: to.user, scope: "personal" },
            orderBy: { updatedAt: "desc" },
          });
    const reference = row?.reference as StoredReference | undefined;
    if (!reference?.conversation?.id || !reference.serviceUrl) {
      throw new DeliveryError(
        "channel" in to
          ? `No Teams conversation is known for channel ${to.channel}: install the app in that channel's team (or mention the bot there once)`
          : `No Teams conversation is known for user ${to.user}: that person must install the app in Teams (personal scope) first`,
        true,
      );
    }
    return reference;
  }

  /**
   * Runs `act` in a proactive turn. Errors are carried out of the turn by hand: thrown from
   * inside it, they would reach the adapter's onTurnError, which answers "something went wrong"
   * into the very conversation we could not post to.
   */
  async function inConversation<T>(reference: StoredReference, act: (context: TurnContext, connector: ConnectorClient) => Promise<T>): Promise<T> {
    // Without an activity id, nothing is sent as a reply to an old message.
    const bare: Partial<ConversationReference> = { ...reference, activityId: undefined };
    let result: { value: T } | undefined;
    let failure: unknown;
    try {
      await adapter.continueConversationAsync(appId, bare, async (context) => {
        try {
          const connector = context.turnState.get<ConnectorClient | undefined>(adapter.ConnectorClientKey);
          if (!connector) throw new Error("no connector client in the proactive turn");
          withoutClientRetries(connector);
          result = { value: await act(context, connector) };
        } catch (error) {
          failure = error;
        }
      });
    } catch (error) {
      failure = error;
    }
    if (result) return result.value;
    const judged = deliveryErrorOf(failure ?? new Error("the proactive turn did not run"));
    // Name and message only: botbuilder's errors carry the request, Authorization included.
    const error = failure instanceof Error ? { name: failure.name, message: failure.message } : { name: typeof failure, message: String(failure) };
    logger.warn({ error, conversationId: reference.conversation.id, permanent: judged.permanent, retryAfterMs: judged.retryAfterMs }, "Teams delivery failed");
    throw judged;
  }

  return {
    platform: "TEAMS",
    postIntervalMs: deps.postIntervalMs ?? DEFAULT_DELIVERY_TIMING.teamsPostIntervalMs,
    async post(to: Recipient, message: Message) {
      const reference = await referenceFor(to);
      const conversationId = reference.conversation.id;
      return pacer.run(conversationId, () =>
        inConversation(reference, async (_context, connector) => {
          // A new message in the conversation (in a channel, a new thread): not a reply.
          const activity = TurnContext.applyConversationReference({ ...cardActivity(message) }, { ...reference, activityId: undefined }) as Activity;
          delete activity.replyToId;
          const sent = await connector.conversations.sendToConversation(conversationId, activity, callOptions);
          if (!sent?.id) throw new DeliveryError("Teams accepted the message but returned no id", false);
          return { channel: conversationId, messageId: sent.id };
        }),
      );
    },
    async update(channel: string, messageId: string, message: Message) {
      const row = await prisma.teamsConversation.findUnique({ where: { id: channel } });
      const reference = row?.reference as StoredReference | undefined;
      if (!reference?.conversation?.id) {
        throw new DeliveryError(`No Teams conversation is known for ${channel}: the app was removed from it`, true);
      }
      const { attachments, summary } = cardActivity(message);
      await pacer.run(channel, () =>
        inConversation(reference, async (_context, connector) => {
          // What TurnContext.updateActivity sends, through the connector so the call has a timeout.
          const activity = TurnContext.applyConversationReference({ id: messageId, type: "message", summary, attachments }, { ...reference, activityId: undefined }) as Activity;
          await connector.conversations.updateActivity(reference.conversation.id, messageId, activity, callOptions);
        }),
      );
    },
  };
}
