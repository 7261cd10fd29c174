/**
 * The Teams bot: translates incoming activities into service calls and neutral messages
 * into Adaptive Cards. Every conversation the bot hears from is remembered, because
 * proactive posts (reminders, digests) can only go where a conversation reference exists.
 */
import {
  type Activity,
  type ChannelAccount,
  type ConversationReference,
  CardFactory,
  TeamsActivityHandler,
  TurnContext,
} from "botbuilder";
import type { Message } from "../message";
import { plainWords } from "../message";
import { renderAdaptiveCard } from "./adaptive-card";
import { COMMANDS, helpMessage } from "../../services/help";
import { resolveLocale, type Locale } from "../../i18n";
import type { Logger } from "../../logger";
import type { Database } from "../../store/database";
import type { Employee, Prisma } from "../../generated/prisma/client";

export interface TeamsBotDeps {
  db: Database;
  logger: Logger;
  companyLocale: () => Locale;
}

export class TeamsBot extends TeamsActivityHandler {
  constructor(private readonly deps: TeamsBotDeps) {
    super();

    this.onMessage(async (context, next) => {
      const employee = await this.findEmployee(context.activity.from);
      await this.rememberConversation(context.activity, employee);
      // No command is implemented yet: whatever was typed (empty, `help`, a command name)
      // gets the help card. Each command gets its own branch here as it is built.
      this.deps.logger.debug({ command: commandOf(context.activity) }, "Teams message");
      const locale = resolveLocale({
        employee: employee?.locale,
        platform: context.activity.locale,
        company: this.deps.companyLocale(),
      });
      const name = employee?.name ?? context.activity.from.name;
      await context.sendActivity(cardActivity(helpMessage(locale, name, "")));
      await next();
    });

    this.onConversationUpdate(async (context, next) => {
      // Members added, the bot among them, is how an installation into a team or chat shows.
      if ((context.activity.membersAdded ?? []).length > 0) {
        await this.rememberConversation(context.activity, await this.findEmployee(context.activity.from));
      }
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

/** The help card and any other neutral message, as a Teams message activity. */
function cardActivity(message: Message): Partial<Activity> {
  // The renderer puts mention entities inside the card (`msteams.entities`), where Teams
  // reads them for Adaptive Cards; the activity itself needs none.
  const card = renderAdaptiveCard(message);
  return { type: "message", summary: plainWords(message.summary), attachments: [CardFactory.adaptiveCard(card)] };
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
