import { ErrorCode, WebClient, type WebAPICallError } from "@slack/web-api";
import type { Message } from "../message";
import type { Recipient } from "../../services/outbox";
import { DeliveryError, type ChatDelivery, type PostedMessage } from "../../services/outbox-worker";
import type { Logger } from "../../logger";
import { DEFAULT_DELIVERY_TIMING } from "../../config/env";
import { slackLogger } from "./logger";
import { renderBlockKit } from "./block-kit";

// Slack's answers that no retry can change (docs.slack.dev, chat.postMessage and chat.update errors).
const PERMANENT_ERRORS = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "msg_too_long",
  "no_text",
  "invalid_blocks",
  "invalid_blocks_format",
  "message_not_found",
  "cant_update_message",
  "edit_window_closed",
  "user_not_found",
  "user_disabled",
  "cannot_dm_bot",
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "token_revoked",
  "missing_scope",
  "restricted_action",
]);

/** Turns a Web API failure into the outbox's judgement: wait how long, or give up. */
export function deliveryErrorOf(error: unknown): DeliveryError {
  const failure = error as Partial<WebAPICallError> & { message?: string };
  switch (failure.code) {
    case ErrorCode.RateLimitedError:
      return new DeliveryError("rate limited by Slack", false, (failure as { retryAfter: number }).retryAfter * 1000);
    case ErrorCode.PlatformError: {
      const code = String((failure as { data?: { error?: string } }).data?.error ?? "unknown_error");
      return new DeliveryError(`Slack refused: ${code}`, PERMANENT_ERRORS.has(code));
    }
    default:
      return new DeliveryError(failure.message ?? String(error), false);
  }
}

/** The metadata every outbox post carries, so that a post whose answer was lost can be found. */
export const OUTBOX_METADATA_EVENT = "service_culture_outbox_post";

/** How far back in a conversation a lost post is looked for: the outbox retries within minutes. */
const HISTORY_LOOKBACK = 100;

/**
 * Posts for the outbox through Slack's Web API. The client's own retries are off: the
 * outbox retries with backoff and Retry-After, so a retry survives a restart.
 */
export function slackDelivery(
  settings: {
    botToken: string;
    apiUrl?: string;
    /**
     * SLACK_CALL_TIMEOUT_MS, well inside the outbox's lease: a live worker learns each call's
     * outcome (or gives up waiting) before anyone else may take its message over.
     */
    callTimeoutMs?: number;
    /** SLACK_POST_INTERVAL_MS: Slack accepts about one message per second in a channel. */
    postIntervalMs?: number;
  },
  logger: Logger,
): ChatDelivery {
  const client = new WebClient(settings.botToken, {
    logger: slackLogger(logger),
    slackApiUrl: settings.apiUrl?.replace(/\/?$/, "/"),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: settings.callTimeoutMs ?? DEFAULT_DELIVERY_TIMING.slackCallTimeoutMs,
  });
  // A person's posts go to their direct-message channel, which history needs by its id.
  const conversationOf = async (to: Recipient): Promise<string> => {
    if ("channel" in to) return to.channel;
    const opened = await client.conversations.open({ users: to.user });
    return String(opened.channel?.id);
  };
  const render = (message: Message) => renderBlockKit(message);
  return {
    platform: "SLACK",
    postIntervalMs: settings.postIntervalMs ?? DEFAULT_DELIVERY_TIMING.slackPostIntervalMs,
    async post(to: Recipient, message: Message, outboxId?: number) {
      const channel = "channel" in to ? to.channel : to.user;
      const metadata = outboxId === undefined ? undefined : { event_type: OUTBOX_METADATA_EVENT, event_payload: { outbox_id: String(outboxId) } };
      try {
        const result = await client.chat.postMessage({ channel, ...render(message), unfurl_links: false, unfurl_media: false, ...(metadata ? { metadata } : {}) });
        return { channel: result.channel ?? channel, messageId: String(result.ts) };
      } catch (error) {
        throw deliveryErrorOf(error);
      }
    },
    async findPosted(to: Recipient, outboxId: number): Promise<PostedMessage | undefined> {
      try {
        const channel = await conversationOf(to);
        const history = await client.conversations.history({ channel, limit: HISTORY_LOOKBACK, include_all_metadata: true });
        const found = history.messages?.find(
          (m) => m.metadata?.event_type === OUTBOX_METADATA_EVENT && (m.metadata.event_payload as { outbox_id?: unknown } | undefined)?.outbox_id === String(outboxId),
        );
        return found?.ts ? { channel, messageId: found.ts } : undefined;
      } catch (error) {
        throw deliveryErrorOf(error);
      }
    },
    async update(channel: string, messageId: string, message: Message) {
      try {
        await client.chat.update({ channel, ts: messageId, ...render(message) });
      } catch (error) {
        throw deliveryErrorOf(error);
      }
    },
  };
}
