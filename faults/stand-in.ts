import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A Slack Web API stand-in for the fault suite. Like test/helpers/slack.ts it answers
 * chat.postMessage with ok/ts, keeps each conversation's history (with message metadata,
 * because the bot looks there before re-posting after an attempt whose outcome it never
 * learnt) and answers conversations.open; unlike it, it can be told to misbehave for a
 * while (429 storms, runs of 500s) so the suite can check the outbox rides them out.
 */

export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  /** The HTTP status the stand-in answered with: only 200s count as delivered posts. */
  status: number;
  at: number;
}

/** A fault applied to one API method until `until` (epoch ms). */
export interface Fault {
  method: string;
  until: number;
  status: 429 | 500;
  headers?: Record<string, string>;
}

export interface SlackStandIn {
  url: string;
  calls: RecordedCall[];
  /** Posts the stand-in accepted (HTTP 200), in arrival order. */
  acceptedPosts(): RecordedCall[];
  /** Makes `method` fail as described from now for `ms` milliseconds. */
  fail(method: string, ms: number, status: 429 | 500, headers?: Record<string, string>): void;
  close(): Promise<void>;
}

function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes("json")) return JSON.parse(raw || "{}") as Record<string, unknown>;
  // @slack/web-api form-encodes arguments and JSON-encodes the structured ones (blocks, metadata).
  return Object.fromEntries(
    [...new URLSearchParams(raw)].map(([k, v]) => {
      try {
        return [k, JSON.parse(v) as unknown];
      } catch {
        return [k, v];
      }
    }),
  );
}

export async function startSlackStandIn(): Promise<SlackStandIn> {
  const calls: RecordedCall[] = [];
  const faults: Fault[] = [];
  const history = new Map<string, Record<string, unknown>[]>();
  let posted = 0;
  // A direct message to U… lands in the person's D… conversation, as in Slack.
  const conversationOf = (channel: string) => (channel.startsWith("U") ? `D${channel.slice(1)}` : channel);

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const method = (req.url ?? "").replace(/^\/(api\/)?/, "").split("?")[0]!;
      let body: Record<string, unknown>;
      try {
        body = parseBody(Buffer.concat(chunks).toString("utf8"), req.headers["content-type"] ?? "");
      } catch {
        body = {};
      }
      const fault = faults.find((f) => f.method === method && f.until > Date.now());
      const status = fault?.status ?? 200;
      calls.push({ method, body, status, at: Date.now() });
      if (fault) {
        res.writeHead(fault.status, { "Content-Type": "application/json", ...fault.headers });
        res.end(JSON.stringify({ ok: false, error: fault.status === 429 ? "ratelimited" : "internal_error" }));
        return;
      }
      const reply: Record<string, unknown> = { ok: true };
      if (method === "auth.test") Object.assign(reply, { user_id: "U0BOT", bot_id: "B0BOT", team_id: "T0TEST" });
      if (method === "chat.postMessage") {
        const ts = `${Math.floor(Date.now() / 1000)}.${String(++posted).padStart(6, "0")}`;
        Object.assign(reply, { ts, channel: body.channel });
        const conversation = conversationOf(String(body.channel));
        const message = { type: "message", ts, text: body.text, ...(body.metadata ? { metadata: body.metadata } : {}) };
        history.set(conversation, [message, ...(history.get(conversation) ?? [])]);
      }
      if (method === "conversations.open") Object.assign(reply, { channel: { id: conversationOf(String(body.users)) } });
      if (method === "conversations.history") {
        const withMetadata = body.include_all_metadata === true || body.include_all_metadata === "true";
        const messages = (history.get(String(body.channel)) ?? []).slice(0, Number(body.limit ?? 100));
        Object.assign(reply, { messages: messages.map(({ metadata, ...m }) => (withMetadata && metadata ? { ...m, metadata } : m)) });
      }
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  return {
    url,
    calls,
    acceptedPosts: () => calls.filter((c) => c.method === "chat.postMessage" && c.status === 200),
    fail(method, ms, status, headers) {
      faults.push({ method, until: Date.now() + ms, status, headers });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
