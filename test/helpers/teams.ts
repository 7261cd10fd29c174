/**
 * The Teams end-to-end harness: a local stand-in for the Bot Connector service, Bot Framework
 * activities as Teams sends them, and helpers to read the Adaptive Cards the bot answers with.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { parseAdaptiveCard } from "./adaptive-cards";

/** The bot's own Teams account, as activities name it (recipient, @mentions, members added). */
export const BOT = { id: "28:bot-app-id", name: "Service Culture" };

/** Settings for startBot that open the Teams endpoint without Bot Framework credentials. */
export const UNAUTHENTICATED_TEAMS_ENV = {
  TEAMS_APP_ID: "",
  TEAMS_APP_PASSWORD: "",
  TEAMS_ALLOW_UNAUTHENTICATED: "true",
};

/** A local HTTP server and how to stop it. */
export interface Running {
  url: string;
  close: () => Promise<void>;
}

/** Serves an express app on a free local port. */
export async function listen(app: express.Express): Promise<Running> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** One request the Bot Connector stand-in received: a reply or post (POST) or a card update (PUT). */
export interface Received {
  method: string;
  conversationId: string;
  activityId?: string;
  body: Record<string, unknown>;
}

/** The recording Bot Connector stand-in started by startConnector. */
export type Connector = Running & { received: Received[] };

/**
 * Records what the bot sends to the Bot Connector service: replies (POST) and updates (PUT).
 * `replyId` names the activity each request creates, from the number received so far.
 */
export async function startConnector(
  replyId: (count: number) => string = (count) => `reply-${count}-${Date.now()}`,
): Promise<Connector> {
  const received: Received[] = [];
  const app = express();
  app.use(express.json());
  const record = (method: string) => (req: express.Request, res: express.Response) => {
    const { conversationId, activityId } = req.params as { conversationId: string; activityId?: string };
    received.push({ method, conversationId, activityId, body: req.body as Record<string, unknown> });
    res.json({ id: replyId(received.length) });
  };
  app.post("/v3/conversations/:conversationId/activities/:activityId", record("POST"));
  app.post("/v3/conversations/:conversationId/activities", record("POST"));
  app.put("/v3/conversations/:conversationId/activities/:activityId", record("PUT"));
  return { ...(await listen(app)), received };
}

/** The id of a person's personal chat with the bot, as these tests name it. */
export const personalChat = (person: { id: string }) => `a:personal-${person.id}`;

/**
 * Builds message activities from Teams users in their personal chat with the bot, numbered
 * from `idPrefix` (a counter per builder); `overrides` replace or add fields (text, value,
 * replyToId, a channel conversation, an invoke's type and name...).
 */
export function activityBuilder(options: { serviceUrl: () => string; idPrefix: string; locale: string }) {
  let activityCount = 0;
  return (from: object, overrides: Record<string, unknown> = {}): Record<string, unknown> => {
    activityCount += 1;
    return {
      type: "message",
      id: `${options.idPrefix}${String(activityCount).padStart(5, "0")}`,
      timestamp: new Date().toISOString(),
      serviceUrl: options.serviceUrl(),
      channelId: "msteams",
      from,
      recipient: BOT,
      conversation: { id: personalChat(from as { id: string }), conversationType: "personal", tenantId: "tenant-1" },
      channelData: { tenant: { id: "tenant-1" } },
      locale: options.locale,
      ...overrides,
    };
  };
}

/** POSTs an activity to the bot's /api/messages as Teams does. */
export function postActivity(botBase: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${botBase}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/**
 * Posts an activity and returns the bot's answers to it: replies to the activity and
 * updates of the card it came from (`replyToId`). Proactive posts the outbox sends meanwhile
 * go to conversations without an activity id and are left out. With `clear`, what the
 * connector received before is forgotten first.
 */
export async function sendActivity(botBase: string, connector: { received: Received[] }, body: Record<string, unknown>, { clear = false } = {}): Promise<Received[]> {
  if (clear) connector.received.length = 0;
  const before = connector.received.length;
  const response = await postActivity(botBase, body);
  expect(response.status).toBe(200);
  const conversationId = (body.conversation as { id: string }).id;
  return connector.received
    .slice(before)
    .filter(
      (r) =>
        r.conversationId === conversationId &&
        (r.method === "PUT" ? body.replyToId !== undefined && r.activityId === body.replyToId : r.activityId === body.id),
    );
}

/** A button of a card: Action.Submit with the data Teams sends back when clicked. */
export interface CardButton {
  type: string;
  title: string;
  data: { action: string; value: string };
}

/** An element of a card's body, with the fields the tests read. */
export interface CardElement {
  type: string;
  id?: string;
  text?: string;
  wrap?: boolean;
  choices?: { value: string }[];
  facts?: Array<{ title: string; value: string }>;
  actions?: CardButton[];
}

/** Adaptive Card JSON as the bot sends it, with the fields the tests read. */
export interface CardJson {
  type: string;
  rtl?: boolean;
  body: CardElement[];
  actions?: { type: string; data: Record<string, unknown> }[];
}

/** The one Adaptive Card attached to what the connector received, without checking it. */
export function attachedCard(reply: { body: Record<string, unknown> } | undefined): CardJson {
  const attachments = reply?.body.attachments as Array<{ contentType: string; content: CardJson }> | undefined;
  expect(attachments).toHaveLength(1);
  expect(attachments![0]!.contentType).toBe("application/vnd.microsoft.card.adaptive");
  return attachments![0]!.content;
}

/** The Adaptive Card of a reply, checked with Microsoft's parser: no problems at all. */
export function cardOf(reply: { body: Record<string, unknown> } | undefined): CardJson {
  const card = attachedCard(reply);
  expect(parseAdaptiveCard(card)).toEqual([]);
  return card;
}

/**
 * What the adaptivecards parser reports about Teams' people picker (`choices.data`, schema
 * 1.6, with no static choices), which Teams reads in 1.5 cards: only these are accepted.
 */
export function peoplePickerFindings(card: CardJson): string[] {
  return card.body.flatMap((element, i) =>
    element.type === "Input.ChoiceSet" && "choices.data" in element
      ? ["An Input.ChoiceSet must have at least one choice defined.", `$.body[${i}].choices.data was dropped by the parser`]
      : [],
  );
}

/** The Adaptive Card of a reply, checked with Microsoft's parser, which may hold a people picker. */
export function formCardOf(reply: { body: Record<string, unknown> } | undefined): CardJson {
  const card = attachedCard(reply);
  const accepted = peoplePickerFindings(card);
  expect(parseAdaptiveCard(card).filter((p) => !accepted.includes(p))).toEqual([]);
  return card;
}

/** The ids of a card's inputs, in order. */
export function inputIds(card: CardJson): string[] {
  return card.body.filter((e) => e.type.startsWith("Input.")).map((e) => e.id!);
}

/** The texts of a card's body, one a line. */
export function textOf(card: CardJson): string {
  return card.body.map((e) => e.text ?? "").join("\n");
}

/** The buttons of a card's action sets. */
export function buttonsOf(card: CardJson): CardButton[] {
  return card.body.flatMap((e) => e.actions ?? []);
}

/** The data Teams sends when the form's submit button is clicked: the action's data and the inputs. */
export function submission(card: CardJson, inputs: Record<string, string>): Record<string, unknown> {
  const submit = card.actions?.find((a) => a.type === "Action.Submit");
  expect(submit).toBeDefined();
  return { ...submit!.data, ...inputs };
}

/** A Teams @mention of a person: the tag for the text and the entity for the activity. */
export function mention(person: { id: string; name: string }, id = person.id) {
  const tag = `<at>${person.name}</at>`;
  return { tag, entity: { type: "mention", text: tag, mentioned: { id, name: person.name } } };
}

/**
 * A one-paragraph card as the bot answers with a notice, written out here rather than built
 * with the bot's renderer: what the person reads is the text given.
 */
export function textCard(text: string, options: { rtl?: boolean } = {}): CardJson {
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.5",
    ...(options.rtl ? { rtl: true } : {}),
    body: [{ type: "TextBlock", text, wrap: true }],
  } as CardJson;
}
