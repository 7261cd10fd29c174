import { createHmac, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { parse } from "yaml";

/** One `/idea` slash command, signed the way Slack signs it at the moment it is built. */
export interface SignedCommand {
  text: string;
  /** A pseudo-word of the text, all lower case: found in the stored row when the idea was saved. */
  marker: string;
  body: string;
  headers: Record<string, string>;
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** Slack's v0 signature: HMAC-SHA256 of "v0:<timestamp>:<raw body>" keyed with the signing secret. */
export function slackSignatureHeaders(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)) {
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return { "X-Slack-Request-Timestamp": String(timestamp), "X-Slack-Signature": signature };
}

export interface SlackUser {
  id: string;
  name: string;
}

/** The employees of an organisation file who have a Slack id (the product only answers people it knows). */
export function slackUsersOf(orgFile: string): SlackUser[] {
  const org = parse(readFileSync(orgFile, "utf8")) as { employees?: { email?: string; slack_id?: string }[] };
  return (org.employees ?? [])
    .filter((e): e is { email?: string; slack_id: string } => typeof e.slack_id === "string" && e.slack_id !== "")
    .map((e) => ({ id: e.slack_id, name: (e.email ?? e.slack_id).split("@")[0]! }));
}

/**
 * Builds distinct `/idea` commands. Every text is 4–6 pseudo-words of random letters and no
 * word is ever used twice in a run, so no idea looks like another (the product refuses to
 * save an idea that resembles an open one). Users rotate over the given Slack users.
 */
export class IdeaCommandFactory {
  private readonly usedWords = new Set<string>();
  private sequence = 0;

  constructor(
    private readonly signingSecret: string,
    private readonly users: SlackUser[],
    private readonly responseUrlBase: string,
  ) {
    if (users.length === 0) throw new Error("no Slack users to send commands as");
  }

  private word(): string {
    for (;;) {
      const length = 4 + Math.floor(Math.random() * 5);
      let w = "";
      for (let i = 0; i < length; i++) w += LETTERS[Math.floor(Math.random() * LETTERS.length)];
      if (!this.usedWords.has(w)) {
        this.usedWords.add(w);
        return w;
      }
    }
  }

  next(): SignedCommand {
    const n = this.sequence++;
    const count = 4 + Math.floor(Math.random() * 3);
    const words = Array.from({ length: count }, () => this.word());
    const marker = words[1]!;
    const text = [words[0]!.charAt(0).toUpperCase() + words[0]!.slice(1), ...words.slice(1)].join(" ");
    const user = this.users[n % this.users.length]!;
    const body = new URLSearchParams({
      token: "bench-verification-token",
      team_id: "T0BENCH",
      team_domain: "bench",
      channel_id: "C0BENCH",
      channel_name: "bench",
      user_id: user.id,
      user_name: user.name,
      command: "/idea",
      text,
      api_app_id: "A0BENCH",
      is_enterprise_install: "false",
      response_url: `${this.responseUrlBase}/${n}`,
      trigger_id: `${Date.now()}.${n}.${randomBytes(8).toString("hex")}`,
    }).toString();
    return {
      text,
      marker,
      body,
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        ...slackSignatureHeaders(body, this.signingSecret),
      },
    };
  }
}
