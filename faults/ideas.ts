import { createHmac, randomBytes, randomInt } from "node:crypto";
import { SIGNING_SECRET } from "./replicas";

/**
 * The driver's side of /idea: correctly signed slash commands, as Slack sends them, each
 * with a title no other idea shares, so every review post can be traced back to it.
 */

/** Employees of examples/org.yml that have a Slack id (the bot ignores anyone else). */
export const SLACK_USERS = ["U0DANA", "U0MOSHE", "U0YOSSI", "U0NOA", "U0DANIEL", "U0MICHAL", "U0OMER", "U0SHIRA"] as const;

const LETTERS = "bcdfghjklmnpqrstvwxz";
/** A made-up word of random consonants: no stem or trigram is likely to be shared. */
function randomWord(length: number): string {
  let w = "";
  for (let i = 0; i < length; i++) w += LETTERS[randomInt(LETTERS.length)];
  return w;
}

export interface SentIdea {
  /** The idea's unique tag, the first word of its title; review posts are matched by it. */
  tag: string;
  title: string;
  user: string;
  replica: string;
  /** HTTP status of the command's answer, or 0 if the request itself failed (replica killed). */
  status: number;
}

/**
 * A title that the bot's similarity check cannot take for another idea's: with shared words
 * ("Fault idea 017") /idea answers "similar ideas exist" instead of saving, so every word
 * here is random; the tag alone identifies the idea.
 */
export function uniqueIdeaTitle(): { tag: string; title: string } {
  const tag = `q${randomWord(11)}`;
  return { tag, title: `${tag} ${randomWord(9)} ${randomWord(8)}` };
}

export function slackSignature(body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = `v0=${createHmac("sha256", SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return { "X-Slack-Request-Timestamp": String(timestamp), "X-Slack-Signature": signature };
}

/** Sends one `/idea <title>` to a replica; never throws (a killed replica is status 0). */
export async function sendIdea(baseUrl: string, replica: string, user: string, responseUrl: string, timeoutMs = 15_000): Promise<SentIdea> {
  const { tag, title } = uniqueIdeaTitle();
  const body = new URLSearchParams({
    token: "unused",
    command: "/idea",
    text: title,
    user_id: user,
    user_name: user.toLowerCase(),
    team_id: "T0TEST",
    team_domain: "acme",
    channel_id: "C0GENERAL",
    channel_name: "general",
    api_app_id: "A0TEST",
    response_url: responseUrl,
    // A fresh trigger id per command: the bot uses it as the request's idempotency key.
    trigger_id: `${randomInt(1e9)}.${randomBytes(6).toString("hex")}`,
  }).toString();
  let status = 0;
  try {
    const res = await fetch(`${baseUrl}/slack/events`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...slackSignature(body) },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = res.status;
    await res.text();
  } catch {
    status = 0;
  }
  return { tag, title, user, replica, status };
}
