/**
 * The least a correct `/idea` can do, for `bench/ideas-load.ts` to compare the product with:
 * a bare Bolt app that verifies Slack's signature, stores the command's text with one
 * INSERT and acknowledges with "ok" once the row is committed.
 *
 * With BASELINE_REVIEW_POST=1 it is the toy: after acknowledging, it also posts a
 * review message for the idea with chat.postMessage (to SLACK_API_URL, the bench's stand-in),
 * as the product's outbox does. The post is not durable (a crash between the ack and the
 * post loses it): this is the floor of the work, not of the guarantees.
 *
 *   PORT=3100 DATABASE_URL=postgresql://... SLACK_SIGNING_SECRET=... [BASELINE_REVIEW_POST=1] node --import tsx bench/ideas-baseline.ts
 *
 * GET /healthz answers 200 once the table exists and the server listens.
 */
import { App, ExpressReceiver, LogLevel } from "@slack/bolt";
import pg from "pg";

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`ideas-baseline: ${name} is required`);
    process.exit(1);
  }
  return value;
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3100);
  const databaseUrl = required("DATABASE_URL");
  const signingSecret = required("SLACK_SIGNING_SECRET");

  // Same pool size as the product's (src/store/database.ts).
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 10_000 });
  pool.on("error", () => undefined);
  await pool.query("CREATE TABLE IF NOT EXISTS baseline_ideas (id bigserial PRIMARY KEY, text text NOT NULL)");

  const receiver = new ExpressReceiver({ signingSecret, endpoints: "/slack/events", processBeforeResponse: false });
  receiver.app.get("/healthz", (_req, res) => {
    res.send("ok");
  });
  const app = new App({
    token: process.env.SLACK_BOT_TOKEN ?? "xoxb-bench",
    receiver,
    // A fixed bot identity: no auth.test call at all (with verification off and no ids, Bolt
    // would call auth.test before every request).
    tokenVerificationEnabled: false,
    botId: "B0BENCH",
    botUserId: "U0BENCHBOT",
    logLevel: LogLevel.ERROR,
    clientOptions: process.env.SLACK_API_URL ? { slackApiUrl: process.env.SLACK_API_URL } : undefined,
  });

  const reviewPost = process.env.BASELINE_REVIEW_POST === "1";
  // The bench counts review posts by the idea's id, which the post carries in its metadata
  // as the product's outbox posts carry their outbox id.
  const reviewChannel = process.env.BASELINE_REVIEW_CHANNEL ?? "C0BENCHREVIEW";
  let postFailures = 0;

  app.command("/idea", async ({ command, ack, client }) => {
    const { rows } = await pool.query<{ id: string }>("INSERT INTO baseline_ideas(text) VALUES ($1) RETURNING id", [command.text]);
    await ack("ok");
    if (!reviewPost) return;
    const id = rows[0]!.id;
    try {
      await client.chat.postMessage({
        channel: reviewChannel,
        text: `New idea #${id}: ${command.text}`,
        blocks: [
          { type: "section", text: { type: "mrkdwn", text: `*New idea #${id}*\n${command.text}\nfrom <@${command.user_id}>` } },
          {
            type: "actions",
            elements: [
              { type: "button", action_id: "approve", value: id, text: { type: "plain_text", text: "Approve" } },
              { type: "button", action_id: "reject", value: id, text: { type: "plain_text", text: "Reject" } },
            ],
          },
        ],
        unfurl_links: false,
        unfurl_media: false,
        metadata: { event_type: "baseline_review_post", event_payload: { idea_id: id } },
      });
    } catch (error) {
      postFailures++;
      if (postFailures <= 3) console.error(`ideas-baseline: review post failed: ${(error as Error).message}`);
    }
  });

  await app.start(port);
  console.log(`ideas-baseline: listening on port ${port}${reviewPost ? ", posting a review message per idea" : ""}`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    if (postFailures > 0) console.error(`ideas-baseline: ${postFailures} review posts failed`);
    app
      .stop()
      .then(() => pool.end())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(`ideas-baseline: stop failed: ${(error as Error).message}`);
          process.exit(1);
        },
      );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(`ideas-baseline: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
