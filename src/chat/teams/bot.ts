/**
 * The Teams bot: translates incoming activities into service calls and neutral messages
 * into Adaptive Cards. Every conversation the bot hears from is remembered, because
 * proactive posts (reminders, digests) can only go where a conversation reference exists.
 */
import {
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ChannelAccount,
  type ConversationReference,
  type MessageReaction,
  CardFactory,
  TeamsActivityHandler,
  TurnContext,
} from "botbuilder";
import { answerCardAction, CARD_ACTIONS, type CardActionAnswer } from "../conversation/card-actions";
import { answerCommand } from "../conversation/commands";
import { formWithProblems, isFormCard, isFormSubmission, replySummary, type Reply } from "../conversation/forms";
import { type AdaptiveCardJson, renderAdaptiveCard } from "./adaptive-card";
import { type AdaptiveCardFormJson, renderAdaptiveCardForm } from "./adaptive-card-form";
import type { ConversationRequest } from "../conversation/request";
import { teamsPeople } from "./teams-people";
import { COMMANDS, helpMessage } from "../../services/help";
import type { ServiceDeps } from "../../services/deps";
import { recordStoryReaction } from "../../services/stories/story-reactions";
import { resolveLocale, type Locale } from "../../i18n";
import type { Logger } from "../../logger";
import type { Database } from "../../store/database";
import type { Employee, Prisma } from "../../generated/prisma/client";

export interface TeamsBotDeps {
  db: Database;
  logger: Logger;
  companyLocale: () => Locale;
  /**
   * The use cases commands and card buttons call, or a function returning them when they
   * are built after the endpoint (their outbox delivers through this endpoint's adapter).
   * Without them (an endpoint built to test the transport alone) every message is answered
   * with the help card.
   */
  services?: ServiceDeps | (() => ServiceDeps | undefined);
  /** COMPLAINTS_WEBHOOK_SECRET: keys the hash a customer reference is kept as; unset, references are dropped. */
  complaintsSecret?: string;
}

export class TeamsBot extends TeamsActivityHandler {
  constructor(private readonly deps: TeamsBotDeps) {
    super();

    this.onMessage(async (context, next) => {
      const { activity } = context;
      const employee = await this.findEmployee(activity.from);
      await this.rememberConversation(activity, employee);
      const request = this.requestOf(activity, employee);
      if (!request.services) {
        this.deps.logger.debug({ command: commandOf(activity) }, "Teams message");
        await context.sendActivity(cardActivity(helpMessage(request.locale, request.name, "")));
      } else if (isCardSubmit(activity)) {
        // A button of one of our cards, or a form's submit: its data comes back as the activity's value.
        this.deps.logger.debug({ action: actionOf(activity.value) }, "Teams card action");
        const answer = await answerCardAction(withServices(request, request.services), activity.value);
        if (answer) await this.answerClick(context, answer);
      } else {
        this.deps.logger.debug({ command: commandOf(activity) }, "Teams message");
        // In channels and group chats the text starts with the bot's `<at>` mention.
        const message = await answerCommand(withServices(request, request.services), TurnContext.removeRecipientMention(activity), activity.entities);
        if (message) await context.sendActivity(cardActivity(message));
      }
      await next();
    });

    this.onConversationUpdate(async (context, next) => {
      // Members added, the bot among them, is how an installation into a team or chat shows.
      if ((context.activity.membersAdded ?? []).length > 0) {
        await this.rememberConversation(context.activity, await this.findEmployee(context.activity.from));
      }
      await next();
    });

    this.onReactionsAdded(async (context, next) => {
      await this.countReactions("added", context.activity.reactionsAdded ?? [], context);
      await next();
    });

    this.onReactionsRemoved(async (context, next) => {
      await this.countReactions("removed", context.activity.reactionsRemoved ?? [], context);
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      await this.rememberConversation(context.activity, await this.findEmployee(context.activity.from));
      await next();
    });

    this.onInstallationUpdateRemove(async (context, next) => {
      // Posting into a conversation the app was removed from fails; stop trying.
      await this.deps.db.prisma.teamsConversation.deleteMany({ where: { id: conversationKey(context.activity) } });
      await next();
    });
  }

  /**
   * Universal Actions (`Action.Execute`) arrive as an `adaptiveCard/action` invoke. Our cards
   * use `Action.Submit`, but a host that upgrades them, or a future card, is answered the
   * same way: the answer replaces the card when it should, and is posted otherwise.
   */
  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const employee = await this.findEmployee(context.activity.from);
    const request = this.requestOf(context.activity, employee);
    const services = request.services;
    const answer = services ? await answerCardAction(withServices(request, services), invokeValue.action?.data) : undefined;
    if (answer?.replace) {
      return { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: { ...renderReply(answer.message) } };
    }
    if (answer) await context.sendActivity(cardActivity(answer.message));
    // A message response shows as a short note and leaves the card as it was.
    const text = answer ? replySummary(answer.message) : "";
    return { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: text as unknown as Record<string, unknown> };
  }

  /**
   * Reactions on a story's post count as appreciation, as in Slack. The post is found by its
   * conversation (a channel's bare id, as the outbox posted to it) and the message reacted to;
   * a failure is only logged, since the reaction is not the person's request to us.
   */
  private async countReactions(change: "added" | "removed", reactions: MessageReaction[], context: TurnContext): Promise<void> {
    const services = typeof this.deps.services === "function" ? this.deps.services() : this.deps.services;
    const messageId = context.activity.replyToId;
    if (!services || !messageId) return;
    const employee = await this.findEmployee(context.activity.from);
    if (!employee?.teamsUserId) return;
    for (const [index, reaction] of reactions.entries()) {
      if (!reaction.type) continue;
      try {
        await recordStoryReaction(services, {
          change,
          platform: "TEAMS",
          channel: conversationKey(context.activity),
          messageId,
          userId: employee.teamsUserId,
          emoji: reaction.type,
          requestKey: context.activity.id ? `teams:reaction:${context.activity.id}:${index}` : undefined,
        });
      } catch (error) {
        this.deps.logger.error({ err: { name: (error as Error).name, message: (error as Error).message } }, "Could not record a Teams reaction to a story");
      }
    }
  }

  private requestOf(activity: Activity, employee: Employee | null): Omit<ConversationRequest, "services" | "people"> & { services?: ServiceDeps } {
    const locale = resolveLocale({
      employee: employee?.locale,
      platform: activity.locale,
      company: this.deps.companyLocale(),
    });
    return {
      services: typeof this.deps.services === "function" ? this.deps.services() : this.deps.services,
      employee,
      locale,
      name: employee?.name ?? activity.from?.name,
      complaintsSecret: this.deps.complaintsSecret,
      // A retry of the same activity carries the same id: the services then do nothing twice.
      requestKey: activity.id ? `teams:activity:${conversationKey(activity)}:${activity.id}` : undefined,
    };
  }

  /**
   * The answer to a click: in place of the clicked card when the service says so (a swap
   * decided, the next page of a list), else as a new message. A card that cannot be
   * updated (too old, deleted) gets the answer as a new message instead.
   */
  private async answerClick(context: TurnContext, answer: CardActionAnswer): Promise<void> {
    const reply = cardActivity(answer.message);
    const cardId = context.activity.replyToId;
    if (answer.replace && cardId) {
      try {
        await context.updateActivity({ ...reply, id: cardId });
        return;
      } catch (error) {
        this.deps.logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, "Could not update the Teams card");
      }
    }
    await context.sendActivity(reply);
  }

  /**
   * The organisation file's `teams_id` may hold either the user's Entra object id or their
   * Bot Framework id ("29:..."), so both are tried.
   */
  private async findEmployee(from: ChannelAccount | undefined): Promise<Employee | null> {
    const ids = [from?.aadObjectId, from?.id].filter((id): id is string => Boolean(id));
    if (ids.length === 0) return null;
    return this.deps.db.prisma.employee.findFirst({ where: { teamsUserId: { in: ids } } });
  }

  /**
   * Best effort: a failed write must not cost the person their answer, and the reference
   * is stored again on their next message.
   */
  private async rememberConversation(activity: Activity, employee: Employee | null): Promise<void> {
    try {
      await this.deps.db.prisma.teamsConversation.upsert(conversationRow(activity, employee));
    } catch (error) {
      this.deps.logger.error(
        { err: { name: (error as Error).name, message: (error as Error).message }, conversationId: activity.conversation?.id },
        "Could not store the Teams conversation reference",
      );
    }
  }
}

/**
 * The command word of a message, without the bot's `<at>` mention (channels and group
 * chats always carry it). Anything else is reported as "other": user text is not logged.
 */
function commandOf(activity: Activity): string {
  const word = (TurnContext.removeRecipientMention(activity) ?? "").trim().split(/\s+/)[0]!.toLowerCase();
  if (word === "") return "empty";
  return word === "help" || (COMMANDS as readonly string[]).includes(word) ? word : "other";
}

/**
 * A click on an `Action.Submit`: a message whose value is the button's data, with no text
 * of its own (Teams sends none, or only whitespace).
 */
function isCardSubmit(activity: Activity): boolean {
  return typeof activity.value === "object" && activity.value !== null && !(activity.text ?? "").trim();
}

/** The action of a click, for the log: only names we know, never what the client made up. */
function actionOf(value: unknown): string {
  const action = (value as { action?: unknown } | null)?.action;
  if (isFormSubmission(value)) return `form ${String(action)}`;
  return typeof action === "string" && CARD_ACTIONS.includes(action) ? action : "other";
}

function withServices(request: Omit<ConversationRequest, "services" | "people">, services: ServiceDeps): ConversationRequest {
  return { ...request, services, people: teamsPeople(services) };
}

/** The card of a reply: a form with its problems, or a message. */
function renderReply(reply: Reply): AdaptiveCardJson | AdaptiveCardFormJson {
  return isFormCard(reply) ? renderAdaptiveCardForm(formWithProblems(reply)) : renderAdaptiveCard(reply);
}

/** The help card and any other neutral message, or a form, as a Teams message activity. */
export function cardActivity(message: Reply): Partial<Activity> {
  // The renderer puts mention entities inside the card (`msteams.entities`), where Teams
  // reads them for Adaptive Cards; the activity itself needs none.
  const card = renderReply(message);
  return { type: "message", summary: replySummary(message), attachments: [CardFactory.adaptiveCard(card)] };
}

/**
 * In a channel, each thread has its own conversation id ("19:...@thread.tacv2;messageid=...").
 * The bare channel id is kept instead, so that there is one row per channel and a proactive
 * post through it starts a new thread rather than replying in an old one.
 */
function conversationKey(activity: Partial<Activity>): string {
  const id = activity.conversation?.id ?? "";
  return activity.conversation?.conversationType === "channel" ? id.split(";")[0]! : id;
}

function conversationRow(activity: Activity, employee: Employee | null): Prisma.TeamsConversationUpsertArgs {
  const id = conversationKey(activity);
  const scope = activity.conversation.conversationType ?? "personal";
  const reference: Partial<ConversationReference> = TurnContext.getConversationReference(activity);
  if (reference.conversation) reference.conversation = { ...reference.conversation, id };
  // Store the id the organisation file uses, so lookups by Employee.teamsUserId find it.
  const userId = employee?.teamsUserId ?? activity.from?.aadObjectId ?? activity.from?.id;
  const channelData = activity.channelData as { channel?: { id?: string } } | undefined;
  const data = {
    scope,
    // A JSON round trip drops the undefined fields Prisma's Json type does not accept.
    reference: JSON.parse(JSON.stringify(reference)) as Prisma.InputJsonObject,
    teamsUserId: scope === "personal" ? (userId ?? null) : null,
    teamsChannelId: scope === "channel" ? (channelData?.channel?.id ?? id) : null,
  };
  return { where: { id }, create: { id, ...data }, update: data };
}
