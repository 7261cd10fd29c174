import type { ScratchDatabase } from "./database";
import { ideaTitles } from "./database";
import type { SentIdea } from "./ideas";
import type { RecordedCall } from "./stand-in";

/** One scenario's verdict, as the runner prints it. */
export interface Tally {
  expected: number;
  delivered: number;
  lost: number;
  duplicated: number;
  /** Why things were counted lost or duplicated, a few examples each, for the report. */
  notes: string[];
}

export const emptyTally = (): Tally => ({ expected: 0, delivered: 0, lost: 0, duplicated: 0, notes: [] });

export function addTally(into: Tally, t: Tally): Tally {
  into.expected += t.expected;
  into.delivered += t.delivered;
  into.lost += t.lost;
  into.duplicated += t.duplicated;
  into.notes.push(...t.notes);
  return into;
}

/** Everything a post carries that could name the idea: its text and its blocks. */
const postText = (call: RecordedCall) => JSON.stringify([call.body.text ?? "", call.body.blocks ?? "", call.body.attachments ?? ""]);

/**
 * Counts, for every /idea the bot acknowledged with HTTP 200:
 *  - stored: an idea with its title is in the ideas table (an acknowledged idea missing is lost);
 *  - posted: how many review posts (chat.postMessage to a channel, C…) name its tag:
 *    0 is lost, more than 1 is duplicated.
 * Requests that were not acknowledged (the replica died under them) may or may not have
 * been stored; if stored, their post is owed too, so they are counted as expected then.
 */
export async function tallyIdeas(db: ScratchDatabase, sent: readonly SentIdea[], accepted: readonly RecordedCall[]): Promise<Tally> {
  const stored = new Set((await ideaTitles(db)).map((t) => t.split(" ")[0]!));
  const postsByTag = new Map<string, number>();
  const tags = new Set(sent.map((s) => s.tag));
  for (const call of accepted) {
    if (!String(call.body.channel ?? "").startsWith("C")) continue;
    // A post names its idea several times (text, header, section): count the post once.
    for (const tag of new Set(postText(call).match(/\bq[bcdfghjklmnpqrstvwxz]{11}\b/g) ?? [])) {
      if (tags.has(tag)) postsByTag.set(tag, (postsByTag.get(tag) ?? 0) + 1);
    }
  }
  const t = emptyTally();
  const note = (s: string) => {
    if (t.notes.length < 12) t.notes.push(s);
  };
  for (const idea of sent) {
    const acked = idea.status === 200;
    const isStored = stored.has(idea.tag);
    if (!acked && !isStored) continue; // never acknowledged, never stored: nothing was promised
    t.expected += 1;
    const posts = postsByTag.get(idea.tag) ?? 0;
    if (acked && !isStored) {
      t.lost += 1;
      note(`idea ${idea.tag} acknowledged by ${idea.replica} but not stored`);
    } else if (posts === 0) {
      t.lost += 1;
      note(`idea ${idea.tag} (${idea.replica}, HTTP ${idea.status}) stored but never posted`);
    } else {
      t.delivered += 1;
      if (posts > 1) {
        t.duplicated += 1;
        note(`idea ${idea.tag} (${idea.replica}) posted ${posts} times`);
      }
    }
  }
  return t;
}

/** The outbox number a post carries in its message metadata (every outbox post has one). */
export function outboxIdOf(call: RecordedCall): number | undefined {
  const metadata = call.body.metadata as { event_payload?: { outbox_id?: unknown } } | undefined;
  const id = Number(metadata?.event_payload?.outbox_id);
  return Number.isInteger(id) ? id : undefined;
}

/**
 * Counts, for every outbox row whose dedupe key starts with `keyPrefix` (a digest:
 * `SLACK:digest:`), the accepted posts that carry its number: 0 is lost, more than 1 is
 * duplicated. A row the bot gave up on (FAILED) is lost too: nothing was posted of it.
 */
export async function tallyOutbox(db: ScratchDatabase, keyPrefix: string, accepted: readonly RecordedCall[]): Promise<Tally> {
  const rows = await db.query<{ id: number; dedupe_key: string; status: string }>(
    `SELECT id, dedupe_key, status::text AS status FROM outbox_messages WHERE dedupe_key LIKE $1 ORDER BY id`,
    [`${keyPrefix}%`],
  );
  const postsById = new Map<number, number>();
  for (const call of accepted) {
    const id = outboxIdOf(call);
    if (id !== undefined) postsById.set(id, (postsById.get(id) ?? 0) + 1);
  }
  const t = emptyTally();
  for (const row of rows) {
    t.expected += 1;
    const posts = postsById.get(row.id) ?? 0;
    if (posts === 0) {
      t.lost += 1;
      t.notes.push(`${row.dedupe_key} (outbox ${row.id}, ${row.status}) never posted`);
      continue;
    }
    t.delivered += 1;
    if (posts > 1) {
      t.duplicated += 1;
      t.notes.push(`${row.dedupe_key} (outbox ${row.id}) posted ${posts} times`);
    }
  }
  return t;
}
