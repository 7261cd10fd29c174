import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export const SIGNING_SECRET = "test-signing-secret";

/** Headers Slack sends: v0 HMAC-SHA256 of "v0:<timestamp>:<body>" with the signing secret. */
export function slackSignature(body: string, secret = SIGNING_SECRET, timestamp = Math.floor(Date.now() / 1000)) {
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return { "X-Slack-Request-Timestamp": String(timestamp), "X-Slack-Signature": signature };
}

/** POSTs a JSON event callback to the bot, signed as Slack signs it. */
export async function postSlackEvent(baseUrl: string, event: Record<string, unknown>, headers: Record<string, string> = {}) {
  const body = JSON.stringify({
    token: "unused",
    team_id: "T0TEST",
    api_app_id: "A0TEST",
    type: "event_callback",
    event_id: `Ev${Math.random().toString(36).slice(2)}`,
    event_time: Math.floor(Date.now() / 1000),
    event,
  });
  return fetch(`${baseUrl}/slack/events`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...slackSignature(body), ...headers },
    body,
  });
}

/** POSTs a slash command as Slack sends it (form-encoded, signed). */
export async function postSlackCommand(
  baseUrl: string,
  fields: { command: string; text: string; user_id: string; trigger_id?: string; response_url?: string },
  headers: Record<string, string> = {},
) {
  const body = new URLSearchParams({
    token: "unused",
    team_id: "T0TEST",
    team_domain: "acme",
    channel_id: "C0GENERAL",
    channel_name: "general",
    user_name: "someone",
    api_app_id: "A0TEST",
    trigger_id: fields.trigger_id ?? `trig.${Math.random().toString(36).slice(2)}`,
    response_url: fields.response_url ?? "https://hooks.slack.invalid/commands/T0TEST/1/x",
    ...fields,
  }).toString();
  return fetch(`${baseUrl}/slack/events`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...slackSignature(body), ...headers },
    body,
  });
}

/** POSTs an interaction payload (block_actions, view_submission, message_action), signed. */
export async function postSlackInteraction(baseUrl: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  const body = new URLSearchParams({
    payload: JSON.stringify({
      team: { id: "T0TEST", domain: "acme" },
      api_app_id: "A0TEST",
      token: "unused",
      trigger_id: `trig.${Math.random().toString(36).slice(2)}`,
      ...payload,
    }),
  }).toString();
  return fetch(`${baseUrl}/slack/events`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...slackSignature(body), ...headers },
    body,
  });
}

export interface SlackApiCall {
  method: string;
  body: Record<string, unknown>;
}

/** A scripted answer for the next calls of a method: an HTTP status, headers and body. */
export interface ScriptedReply {
  status: number;
  headers?: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * A local stand-in for the Slack Web API: the bot reaches it through SLACK_API_URL with the
 * same @slack/web-api client it uses in production. It records every call.
 */
export async function startSlackApiStandIn() {
  const calls: SlackApiCall[] = [];
  const waiters: { method: string; resolve: (call: SlackApiCall) => void }[] = [];
  const scripted = new Map<string, ScriptedReply[]>();
  let posted = 0;
  /** users.profile.get's answers, by user id. */
  const profiles = new Map<string, Record<string, unknown>>();
  /** What the bot posted, newest first, by conversation (a person's posts under their D… channel). */
  const history = new Map<string, Record<string, unknown>[]>();
  const conversationOf = (channel: string) => (channel.startsWith("U") ? `D${channel.slice(1)}` : channel);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const method = (req.url ?? "").replace(/^\/(api\/)?/, "").split("?")[0]!;
      const raw = Buffer.concat(chunks).toString("utf8");
      const body = (req.headers["content-type"] ?? "").includes("json")
        ? (JSON.parse(raw || "{}") as Record<string, unknown>)
        : Object.fromEntries(
            [...new URLSearchParams(raw)].map(([k, v]) => {
              try {
                return [k, JSON.parse(v) as unknown];
              } catch {
                return [k, v];
              }
            }),
          );
      const call = { method, body };
      calls.push(call);
      for (const w of waiters.filter((w) => w.method === method)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(call);
      }
      const script = scripted.get(method)?.shift();
      if (script) {
        res.writeHead(script.status, { "Content-Type": "application/json", ...script.headers });
        res.end(JSON.stringify(script.body));
        return;
      }
      res.writeHead(200, { "Content-Type": "application/json" });
      const reply: Record<string, unknown> = { ok: true };
      if (method === "auth.test") Object.assign(reply, { user_id: "U0BOT", bot_id: "B0BOT", team_id: "T0TEST" });
      if (method === "chat.postMessage") {
        const ts = `${Date.now()}.${String(++posted).padStart(6, "0")}`;
        Object.assign(reply, { ts, channel: body.channel });
        const conversation = conversationOf(String(body.channel));
        history.set(conversation, [{ type: "message", ts, text: body.text, ...(body.metadata ? { metadata: body.metadata } : {}) }, ...(history.get(conversation) ?? [])]);
      }
      if (method === "users.profile.get") Object.assign(reply, { profile: profiles.get(String(body.user)) ?? {} });
      if (method === "conversations.open") Object.assign(reply, { channel: { id: conversationOf(String(body.users)) } });
      if (method === "conversations.history") {
        const withMetadata = body.include_all_metadata === true || body.include_all_metadata === "true";
        const messages = (history.get(String(body.channel)) ?? []).slice(0, Number(body.limit ?? 100));
        Object.assign(reply, { messages: messages.map(({ metadata, ...m }) => (withMetadata && metadata ? { ...m, metadata } : m)) });
      }
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  return {
    url,
    /** Where the bot's respond() calls land, as method "response". */
    responseUrl: url.replace(/api\/$/, "response"),
    calls,
    /** Makes the next calls of `method` answer as given, in order. */
    script(method: string, ...replies: ScriptedReply[]) {
      scripted.set(method, [...(scripted.get(method) ?? []), ...replies]);
    },
    /** What users.profile.get answers for a user (an empty profile unless set). */
    profile(user: string, profile: Record<string, unknown>) {
      profiles.set(user, profile);
    },
    /** Every call of `method` so far. */
    callsOf(method: string) {
      return calls.filter((c) => c.method === method);
    },
    /** Resolves with the next call of `method` (or one already made). */
    next(method: string, timeoutMs = 20_000): Promise<SlackApiCall> {
      const seen = calls.find((c) => c.method === method);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${method} call within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ method, resolve: (c) => (clearTimeout(timer), resolve(c)) });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
