import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A Slack Web API stand-in for the fault suite. Like test/helpers/slack.ts it answers
 * chat.postMessage with ok/ts, keeps each conversation's history (with message metadata,
 * because the bot looks there before re-posting after an attempt whose outcome it never
 * learnt) and answers conversations.open; unlike it, it can be told to misbehave for a
 * while (429 storms, runs of 500s, slow answers, no answers) so the suite can check the
 * outbox rides them out. Each replica calls it under its own prefix (`urlFor(name)`), so a
 * call is known by the replica that made it.
 */

export interface RecordedCall {
  method: string;
  /** The replica that called, from the prefix of `urlFor(name)`; "" for the bare `url`. */
  via: string;
  body: Record<string, unknown>;
  /** The HTTP status the stand-in answered with (0: never, a hang): only 200s count as delivered posts. */
  status: number;
  at: number;
  /** When the answer left, or undefined while it is held back (a delay or a hang). */
  answeredAt?: number;
}

/** A fault applied to one API method until `until` (epoch ms). */
export interface Fault {
  method: string;
  until: number;
  status: 429 | 500;
  headers?: Record<string, string>;
}

/** Calls to `method` that arrive before `until` (epoch ms) are answered `delayMs` late. */
interface Delay {
  method: string;
  until: number;
  delayMs: number;
}

/** Calls to `method` that arrive before `until` are never answered and change nothing. */
interface Hang {
  method: string;
  until: number;
}

export interface SlackStandIn {
  url: string;
  /** The API's base URL for one replica: its calls are recorded with `via` = name. */
  urlFor(name: string): string;
  calls: RecordedCall[];
  /** Posts the stand-in accepted (HTTP 200), in arrival order. */
  acceptedPosts(): RecordedCall[];
  /** Calls received and not answered yet (delayed or hanging). */
  unanswered(method?: string): RecordedCall[];
  /** Makes `method` fail as described from now for `ms` milliseconds. */
  fail(method: string, ms: number, status: 429 | 500, headers?: Record<string, string>): void;
  /**
   * From now for `ms` milliseconds, calls to `method` are carried out at once but answered
   * `delayMs` later: Slack posted the message, its answer is late (past the bot's timeout).
   */
  delay(method: string, delayMs: number, ms: number): void;
  /**
   * From now for `ms` milliseconds, calls to `method` get no answer at all, ever, and change
   * nothing: Slack unreachable with the connection open. The caller's timeout must end them.
   */
  hang(method: string, ms: number): void;
  /** Ends every fault, delay and hang now (calls already hanging stay unanswered). */
  recover(): void;
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
  const delays: Delay[] = [];
  const hangs: Hang[] = [];
  const history = new Map<string, Record<string, unknown>[]>();
  let posted = 0;
  // A direct message to U… lands in the person's D… conversation, as in Slack.
  const conversationOf = (channel: string) => (channel.startsWith("U") ? `D${channel.slice(1)}` : channel);

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const prefixed = /^\/r\/([\w-]+)\/(.*)$/.exec(req.url ?? "");
      const via = prefixed?.[1] ?? "";
      const method = (prefixed ? `/${prefixed[2]}` : (req.url ?? "")).replace(/^\/(api\/)?/, "").split("?")[0]!;
      let body: Record<string, unknown>;
      try {
        body = parseBody(Buffer.concat(chunks).toString("utf8"), req.headers["content-type"] ?? "");
      } catch {
        body = {};
      }
      const now = Date.now();
      const fault = faults.find((f) => f.method === method && f.until > now);
      const hung = hangs.some((h) => h.method === method && h.until > now);
      const delayMs = delays.find((d) => d.method === method && d.until > now)?.delayMs ?? 0;
      const status = hung ? 0 : (fault?.status ?? 200);
      const call: RecordedCall = { method, via, body, status, at: now };
      calls.push(call);
      // Held open, unanswered, until the caller gives up (its timeout) or the stand-in closes.
      if (hung) return;
      const answer = (code: number, reply: unknown, headers: Record<string, string> = {}) => {
        const send = () => {
          call.answeredAt = Date.now();
          if (res.destroyed) return;
          res.writeHead(code, { "Content-Type": "application/json", ...headers });
          res.end(JSON.stringify(reply));
        };
        if (delayMs > 0) setTimeout(send, delayMs);
        else send();
      };
      if (fault) {
        answer(fault.status, { ok: false, error: fault.status === 429 ? "ratelimited" : "internal_error" }, fault.headers);
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
      answer(200, reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  return {
    url,
    urlFor: (name) => url.replace(/\/api\/$/, `/r/${name}/api/`),
    calls,
    acceptedPosts: () => calls.filter((c) => c.method === "chat.postMessage" && c.status === 200),
    unanswered: (method) => calls.filter((c) => c.answeredAt === undefined && (method === undefined || c.method === method)),
    fail(method, ms, status, headers) {
      faults.push({ method, until: Date.now() + ms, status, headers });
    },
    delay(method, delayMs, ms) {
      delays.push({ method, until: Date.now() + ms, delayMs });
    },
    hang(method, ms) {
      hangs.push({ method, until: Date.now() + ms });
    },
    recover() {
      faults.splice(0);
      delays.splice(0);
      hangs.splice(0);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
