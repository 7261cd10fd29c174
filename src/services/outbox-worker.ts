import { randomUUID } from "node:crypto";
import type { Message } from "../chat/message";
import { DEFAULT_DELIVERY_TIMING } from "../config/env";
import { afterFailure, closedCircuit, type CircuitState } from "../domain/circuit-breaker";
import { NARROWEST_WINDOW, widerWindow } from "../domain/delivery-window";
import { Prisma, type PrismaClient } from "../generated/prisma/client";
import type { Logger } from "../logger";
import { targetOf, type LiveViewRef, type OutboxPayload, type PlatformName, type Recipient } from "./outbox";

/** What a chat platform does for the outbox; implemented in src/chat/<platform>. */
export interface PostedMessage {
  channel: string;
  messageId: string;
}

export interface ChatDelivery {
  platform: PlatformName;
  /** `outboxId` travels with the post where the platform keeps it, for `findPosted`. */
  post(to: Recipient, message: Message, outboxId?: number): Promise<PostedMessage>;
  update(channel: string, messageId: string, message: Message): Promise<void>;
  /**
   * The post an earlier attempt made, when that attempt's outcome is unknown (it crashed or
   * timed out after sending): looked up before posting again. Absent where the platform
   * offers the bot no way to look (Teams).
   */
  findPosted?(to: Recipient, outboxId: number): Promise<PostedMessage | undefined>;
  /**
   * The least time between two posts into one conversation, as the platform allows it
   * (SLACK_POST_INTERVAL_MS, TEAMS_POST_INTERVAL_MS); none when absent.
   */
  postIntervalMs?: number;
}

/** A failed delivery, as the platform judged it. */
export class DeliveryError extends Error {
  override name = "DeliveryError";
  constructor(
    message: string,
    /** Permanent: retrying cannot help (unknown channel, bot not invited...). */
    readonly permanent: boolean,
    /** The platform asked us to wait this long (HTTP 429 Retry-After). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** A kind of subject (an idea...) whose posts are rendered at send time and kept current. */
export interface LiveViewSource {
  /** The current content of each view, in order; undefined where its subject is gone. */
  render(refs: readonly LiveViewRef[], platform: PlatformName): Promise<(Message | undefined)[]>;
  /** The posts already made of this subject, to update in place. */
  posts(id: number, platform: PlatformName): Promise<{ channel: string; messageId: string; view: LiveViewRef }[]>;
  /**
   * An INSERT that remembers a post, run in one statement with the outbox update (one round
   * trip per delivery: under load the round trips were most of the cost).
   */
  recordStatement(view: LiveViewRef, platform: PlatformName, posted: { channel: string; messageId: string }): Prisma.Sql;
}

export interface OutboxWorkerOptions {
  prisma: PrismaClient;
  deliveries: readonly ChatDelivery[];
  liveViews: Readonly<Record<string, LiveViewSource>>;
  logger: Logger;
  pollMs?: number;
  /** At most this many messages are claimed at once, one per conversation, and posted in parallel (OUTBOX_MAX_IN_FLIGHT). */
  batchSize?: number;
  maxAttempts?: number;
  /** A claimed message not finished by then (its replica died) is claimed again (OUTBOX_LEASE_MS). */
  leaseMs?: number;
}

interface Claimed {
  id: number;
  payload: OutboxPayload;
  attempts: number;
  /** When it may go: claimed up to a lookahead early, it waits for its conversation's pace. */
  dueAt: Date;
}

/** A paced post is claimed this much before it is due (at most), so the claim's own time is not added to the pace. */
const MAX_LOOKAHEAD_MS = 250;

/**
 * Where nothing is paced (the web surface, or pacing turned off), a round takes this many of
 * one conversation's messages and posts them one after another, in order; paced, one.
 */
const UNPACED_PER_CONVERSATION = 10;

/** A post made in this round, to be marked sent (with the round's others, or alone on Teams). */
interface Sent {
  message: Claimed;
  posted: PostedMessage;
  record: Prisma.Sql | undefined;
  /** When the platform answered: the conversation's pace counts from then, not from the round's end. */
  answeredAt: Date;
}

const MAX_BACKOFF_MS = 5 * 60_000;

/** A quarter of the platform's pace, at most MAX_LOOKAHEAD_MS; none where nothing is paced. */
function lookaheadOf(delivery: ChatDelivery): number {
  return Math.min(MAX_LOOKAHEAD_MS, (delivery.postIntervalMs ?? 0) / 4);
}

/** Exponential backoff with jitter, so replicas retrying together spread out. */
export function backoffMs(attempts: number, random = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * Delivers the outbox: claims due messages (SKIP LOCKED, so replicas share the work),
 * posts them, and records the outcome. Failures wait and retry, honouring Retry-After,
 * until they succeed or are judged permanent; nothing is ever dropped silently.
 */
export class OutboxWorker {
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly leaseMs: number;
  private readonly pausedUntil = new Map<PlatformName, number>();
  private readonly circuits = new Map<PlatformName, CircuitState>();
  private readonly windows = new Map<PlatformName, number>();
  /** When the soonest conversation paced by this worker may be posted to again. */
  private pacedUntil = 0;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private kicked = false;
  readonly instanceId = randomUUID();

  constructor(private readonly options: OutboxWorkerOptions) {
    this.pollMs = options.pollMs ?? 1000;
    this.batchSize = options.batchSize ?? DEFAULT_DELIVERY_TIMING.maxInFlight;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.leaseMs = options.leaseMs ?? DEFAULT_DELIVERY_TIMING.leaseMs;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    await this.loop;
  }

  /** Something was enqueued: look now rather than at the next poll. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  /** Delivers everything due now; returns how many messages were handled. */
  async deliverDue(): Promise<number> {
    const handled = await Promise.all(this.options.deliveries.map((delivery) => this.deliverDueOn(delivery)));
    return handled.reduce((sum, n) => sum + n, 0);
  }

  /**
   * One round on one platform: a batch claimed (one message per conversation), posted in
   * parallel within the worker's window, and the posts recorded together (Slack: one found
   * again by its metadata if the replica dies first) or one by one (Teams).
   */
  private async deliverDueOn(delivery: ChatDelivery): Promise<number> {
    if ((this.pausedUntil.get(delivery.platform) ?? 0) > Date.now()) return 0;
    const claimedAt = Date.now();
    const lookaheadMs = lookaheadOf(delivery);
    const perConversation = (delivery.postIntervalMs ?? 0) > 0 ? 1 : UNPACED_PER_CONVERSATION;
    const claimed = await this.claim(delivery.platform, lookaheadMs, perConversation);
    const rendered = await this.renderLive(claimed, delivery.platform);
    const sent: Sent[] = [];
    let handled = 0;
    await this.inWindow(delivery.platform, claimed, async (message) => {
      // Checked again after each wait: a timer may fire a millisecond before its time.
      for (let early = message.dueAt.getTime() - Date.now(); early > 0; early = message.dueAt.getTime() - Date.now()) {
        await new Promise((resolve) => setTimeout(resolve, early));
      }
      const pausedUntil = this.pausedUntil.get(delivery.platform) ?? 0;
      if (pausedUntil > Date.now()) {
        await this.handBack(message, new Date(pausedUntil));
        return;
      }
      // A delivery is a lookup and a post, each bounded by a call timeout of at most a third
      // of the lease: one started later than a third into the lease could still be under way
      // when the lease runs out and another replica posts the same message. The first one of
      // the batch always goes, so that a slow round still makes progress.
      if (message !== claimed[0] && Date.now() - claimedAt > this.leaseMs / 3) {
        await this.handBack(message, new Date());
        return;
      }
      const made = await this.deliverOne(delivery, message, rendered);
      // Where a lost answer cannot be looked up (Teams), each post is recorded at once: a
      // replica dying makes again only the posts whose calls were in flight, not its round's.
      if (made && !delivery.findPosted) await this.recordSent(delivery, [made]);
      else if (made) sent.push(made);
      handled += 1;
    });
    await this.recordSent(delivery, sent);
    return handled;
  }

  /**
   * Runs `each` over the batch with at most the platform's window of conversations in flight,
   * each conversation's messages one after another in order; the window widens with successes
   * and narrows to one on a failure (see delivery-window.ts).
   */
  private async inWindow(platform: PlatformName, batch: readonly Claimed[], each: (message: Claimed) => Promise<void>): Promise<void> {
    const lanes = new Map<string, Claimed[]>();
    for (const message of batch) {
      const target = targetOf(message.payload);
      lanes.set(target, [...(lanes.get(target) ?? []), message]);
    }
    const queue = [...lanes.values()];
    const inFlight = new Set<Promise<void>>();
    let next = 0;
    while (next < queue.length || inFlight.size > 0) {
      while (next < queue.length && inFlight.size < (this.windows.get(platform) ?? NARROWEST_WINDOW)) {
        const lane = queue[next]!;
        const started: Promise<void> = (async () => {
          for (const message of lane) await each(message);
        })().finally(() => inFlight.delete(started));
        inFlight.add(started);
        next += 1;
      }
      await Promise.race(inFlight);
    }
  }

  /**
   * Marks a round's posts sent, records their live views and paces their conversations, in
   * one statement. The posts are recorded whoever holds the rows now: they exist either way.
   */
  private async recordSent(delivery: ChatDelivery, sent: readonly Sent[]): Promise<void> {
    if (sent.length === 0) return;
    const intervalMs = delivery.postIntervalMs ?? 0;
    const done = Prisma.join(
      sent.map(
        ({ message, posted, answeredAt }) =>
          Prisma.sql`(${message.id}::int, ${message.attempts}::int, ${posted.messageId}::text, ${targetOf(message.payload)}::text, ${new Date(answeredAt.getTime() + intervalMs)}::timestamp)`,
      ),
    );
    const records = sent.flatMap(({ record }, i) => (record ? [Prisma.sql`, ${Prisma.raw(`record_${i}`)} AS (${record})`] : []));
    // The next message of each conversation waits its interval, in every replica.
    const pacing =
      intervalMs > 0
        ? Prisma.sql`, paced AS (
            UPDATE outbox_messages o
               SET next_attempt_at = GREATEST(o.next_attempt_at, done.next_due)
              FROM done
             WHERE o.platform = ${delivery.platform}::"Platform" AND o.status = 'PENDING' AND o.target = done.target)`
        : Prisma.empty;
    await this.options.prisma.$executeRaw`
      WITH done(id, attempts, message_id, target, next_due) AS (VALUES ${done}),
      sent AS (
        UPDATE outbox_messages o
           SET status = 'SENT', sent_at = timezone('UTC', now()), sent_message_id = done.message_id, last_error = NULL
          FROM done
         WHERE o.id = done.id AND o.status = 'SENDING' AND o.attempts = done.attempts)
      ${pacing}
      ${records.length > 0 ? Prisma.join(records, "") : Prisma.empty}
      SELECT 1`;
    if (intervalMs > 0) {
      const soonest = Math.min(...sent.map(({ answeredAt }) => answeredAt.getTime() + intervalMs));
      this.pacedUntil = this.pacedUntil > Date.now() ? Math.min(this.pacedUntil, soonest) : soonest;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.kicked = false;
      let handled = 0;
      try {
        handled = await this.deliverDue();
      } catch (error) {
        this.options.logger.error({ err: error }, "Outbox: delivery round failed");
      }
      if (handled > 0 || this.kicked || !this.running) continue;
      // A paced conversation is due again before the next poll.
      const sleepMs = this.pacedUntil > Date.now() ? Math.max(0, Math.min(this.pollMs, this.pacedUntil - Date.now() - this.lookaheadMs())) : this.pollMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, sleepMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /**
   * Claims the oldest due messages of each conversation that has none in flight (its lease
   * unexpired): posts to one conversation go one at a time, in order, and are paced; posts
   * to different ones go in parallel.
   */
  private async claim(platform: PlatformName, lookaheadMs: number, perConversation: number): Promise<Claimed[]> {
    // Each conversation's oldest due message (or its oldest few, unpaced), over all of them,
    // first places first: a channel with a thousand waiting posts never crowds out the others. Rows another worker
    // claims meanwhile are skipped, and rechecked once its claim is committed. The busy
    // conversations (a batch or two) are one hashed set: as a correlated NOT EXISTS, the
    // planner's guess on a freshly filled table made the claim take seconds over 10,000 rows.
    // Only waiting rows are claimed ahead: a row in flight is another worker's until its lease ends.
    const due = Prisma.sql`(status = 'PENDING' AND next_attempt_at <= timezone('UTC', now()) + make_interval(secs => ${lookaheadMs / 1000}::double precision)
                            OR status = 'SENDING' AND next_attempt_at <= timezone('UTC', now()))`;
    const rows = await this.options.prisma.$queryRaw<Claimed[]>`
      WITH picked AS (
        SELECT id, next_attempt_at AS due_at FROM outbox_messages
         WHERE id IN (
           SELECT id FROM (
             SELECT id, row_number() OVER (PARTITION BY target ORDER BY id) AS place FROM outbox_messages
              WHERE platform = ${platform}::"Platform" AND ${due}
                AND target NOT IN (
                  SELECT target FROM outbox_messages
                   WHERE platform = ${platform}::"Platform" AND status = 'SENDING' AND next_attempt_at > timezone('UTC', now()))) AS waiting
            WHERE place <= ${perConversation}
            ORDER BY place, id LIMIT ${this.batchSize})
           AND ${due}
         FOR UPDATE SKIP LOCKED)
      UPDATE outbox_messages o
         SET status = 'SENDING', attempts = attempts + 1,
             next_attempt_at = timezone('UTC', now()) + make_interval(secs => ${this.leaseMs / 1000}::double precision)
        FROM picked
       WHERE o.id = picked.id
      RETURNING o.id, o.payload, o.attempts, picked.due_at AS "dueAt"`;
    return rows.sort((a, b) => a.id - b.id);
  }

  /** The longest lookahead of the platforms this worker posts to, for its sleep between rounds. */
  private lookaheadMs(): number {
    return Math.max(0, ...this.options.deliveries.map(lookaheadOf));
  }

  /**
   * Changes a row only while this worker's claim still holds it: a claim raises `attempts`,
   * so a worker whose lease ran out and whose row another worker claimed since matches
   * nothing, and its late answer changes nothing (the claim's fencing token).
   */
  private async updateClaimed(message: Pick<Claimed, "id" | "attempts">, data: Prisma.OutboxMessageUpdateManyMutationInput): Promise<boolean> {
    const { count } = await this.options.prisma.outboxMessage.updateMany({
      where: { id: message.id, status: "SENDING", attempts: message.attempts },
      data,
    });
    if (count === 0) this.options.logger.warn({ outboxId: message.id, attempts: message.attempts }, "Outbox: another worker took this message over; leaving it to them");
    return count === 1;
  }

  /** Hands a claimed message back untouched, to be claimed again from `at`. */
  private async handBack(message: Claimed, at: Date): Promise<void> {
    await this.updateClaimed(message, { status: "PENDING", attempts: { decrement: 1 }, nextAttemptAt: at });
  }

  /**
   * Renders the batch's live posts with one query per subject. Rendered at claim time: a
   * change made while the batch is sent is caught by its refresh, which waits for them.
   */
  private async renderLive(claimed: readonly Claimed[], platform: PlatformName): Promise<Map<number, Message | undefined>> {
    const rendered = new Map<number, Message | undefined>();
    const live = claimed.flatMap((m) => (m.payload.kind === "post-live" ? [{ id: m.id, view: m.payload.view }] : []));
    for (const subject of new Set(live.map((m) => m.view.subject))) {
      const ofSubject = live.filter((m) => m.view.subject === subject);
      try {
        const messages = await this.source(subject).render(
          ofSubject.map((m) => m.view),
          platform,
        );
        ofSubject.forEach((m, i) => rendered.set(m.id, messages[i]));
      } catch (error) {
        // Left out of the map: each of these is retried like a failed delivery.
        this.options.logger.warn({ err: error, subject }, "Outbox: could not render live posts");
      }
    }
    return rendered;
  }

  /** Delivers one message; a post made is returned to be recorded with the round's others. */
  private async deliverOne(delivery: ChatDelivery, message: Claimed, renderedBatch: Map<number, Message | undefined>): Promise<Sent | undefined> {
    const rendered = renderedBatch.get(message.id);
    const { logger } = this.options;
    try {
      const payload = message.payload;
      if (payload.kind === "refresh") {
        if (await this.postStillPending(delivery.platform, message.id, payload.subject, payload.id)) {
          // The first post of this subject is not out yet; it will render the current state
          // itself, and refreshing now could miss a post that is being sent this instant.
          await this.updateClaimed(message, { status: "PENDING", attempts: { decrement: 1 }, nextAttemptAt: new Date(Date.now() + this.pollMs) });
          return undefined;
        }
        await this.refresh(delivery, payload.subject, payload.id);
        this.succeeded(delivery.platform);
        await this.updateClaimed(message, { status: "SENT", sentAt: new Date(), lastError: null });
        return undefined;
      }
      if (payload.kind === "post-live" && !renderedBatch.has(message.id)) throw new DeliveryError("the post could not be rendered", false);
      const content = payload.kind === "post" ? payload.message : rendered;
      if (!content) {
        await this.updateClaimed(message, { status: "FAILED", lastError: "the subject no longer exists" });
        return undefined;
      }
      // An earlier attempt that ended without an answer may have posted: look before posting again.
      const earlier = message.attempts > 1 ? await this.findEarlierPost(delivery, payload.to, message.id) : undefined;
      if (earlier) logger.info({ outboxId: message.id, attempts: message.attempts }, "Outbox: found the post of an earlier attempt; not posting again");
      const posted = earlier ?? (await delivery.post(payload.to, content, message.id));
      const record = payload.kind === "post-live" ? this.source(payload.view.subject).recordStatement(payload.view, delivery.platform, posted) : undefined;
      const answeredAt = new Date();
      this.succeeded(delivery.platform);
      return { message, posted, record, answeredAt };
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : new DeliveryError(String((error as Error)?.message ?? error), false);
      this.windows.set(delivery.platform, NARROWEST_WINDOW);
      await this.pauseAfter(delivery.platform, failure);
      const giveUp = failure.permanent || message.attempts >= this.maxAttempts;
      const wait = Math.max(failure.retryAfterMs ?? 0, backoffMs(message.attempts));
      const held = await this.updateClaimed(
        message,
        giveUp ? { status: "FAILED", lastError: failure.message } : { status: "PENDING", lastError: failure.message, nextAttemptAt: new Date(Date.now() + wait) },
      );
      if (!held) return undefined;
      const log = { outboxId: message.id, attempts: message.attempts, error: failure.message };
      if (giveUp) logger.error(log, "Outbox: message could not be delivered; giving up");
      else logger.warn({ ...log, retryInMs: wait }, "Outbox: delivery failed; will retry");
      return undefined;
    }
  }

  private succeeded(platform: PlatformName): void {
    this.circuits.set(platform, closedCircuit());
    this.windows.set(platform, widerWindow(this.windows.get(platform) ?? NARROWEST_WINDOW, this.batchSize));
  }

  /**
   * A 429's Retry-After, or a run of transient failures (the circuit opening), pauses the
   * whole platform: this worker's batch, and every other worker's and replica's, because the
   * waiting messages are postponed in the table they all claim from.
   */
  private async pauseAfter(platform: PlatformName, failure: DeliveryError): Promise<void> {
    let pauseMs = failure.retryAfterMs ?? 0;
    if (!failure.permanent && !failure.retryAfterMs) {
      const next = afterFailure(this.circuits.get(platform) ?? closedCircuit());
      this.circuits.set(platform, next.state);
      pauseMs = next.openForMs;
      if (pauseMs > 0) this.options.logger.warn({ platform, pauseMs }, "Outbox: the platform keeps failing; pausing every delivery to it");
    }
    if (pauseMs <= 0) return;
    const until = Date.now() + pauseMs;
    this.pausedUntil.set(platform, Math.max(until, this.pausedUntil.get(platform) ?? 0));
    await this.options.prisma.$executeRaw`
      UPDATE outbox_messages SET next_attempt_at = GREATEST(next_attempt_at, ${new Date(until)}::timestamp)
       WHERE platform = ${platform}::"Platform" AND status = 'PENDING'`;
  }

  /**
   * A lookup the platform refuses for good (a scope not granted, a channel the bot may post
   * to but not read) cannot be retried into an answer: then the post is made again, as it
   * was before lookups existed. A passing failure is retried like a failed post.
   */
  private async findEarlierPost(delivery: ChatDelivery, to: Recipient, outboxId: number): Promise<PostedMessage | undefined> {
    try {
      return await delivery.findPosted?.(to, outboxId);
    } catch (error) {
      if (!(error instanceof DeliveryError && error.permanent)) throw error;
      this.options.logger.warn({ outboxId, error: error.message }, "Outbox: could not look for an earlier attempt's post; posting again");
      return undefined;
    }
  }

  private async postStillPending(platform: PlatformName, beforeId: number, subject: string, id: number): Promise<boolean> {
    const rows = await this.options.prisma.$queryRaw<unknown[]>`
      SELECT 1 FROM outbox_messages
       WHERE platform = ${platform}::"Platform" AND id < ${beforeId} AND status IN ('PENDING', 'SENDING')
         AND payload->>'kind' = 'post-live' AND payload->'view'->>'subject' = ${subject}
         AND payload->'view'->>'id' = ${String(id)}
       LIMIT 1`;
    return rows.length > 0;
  }

  private async refresh(delivery: ChatDelivery, subject: string, id: number): Promise<void> {
    const source = this.source(subject);
    const posts = await source.posts(id, delivery.platform);
    const contents = await source.render(
      posts.map((post) => post.view),
      delivery.platform,
    );
    for (const [i, post] of posts.entries()) {
      const content = contents[i];
      if (!content) continue;
      try {
        await delivery.update(post.channel, post.messageId, content);
      } catch (error) {
        // A post someone deleted stays deleted; the others are still brought up to date.
        if (error instanceof DeliveryError && error.permanent) {
          this.options.logger.warn({ subject, id, error: error.message }, "Outbox: a post could not be updated");
          continue;
        }
        throw error;
      }
    }
  }

  private source(subject: string): LiveViewSource {
    const source = this.options.liveViews[subject];
    if (!source) throw new DeliveryError(`no live view source for "${subject}"`, true);
    return source;
  }
}
