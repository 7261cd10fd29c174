import { createHmac } from "node:crypto";
import { DateTime } from "luxon";
import pg from "pg";
import { BOT_START_TIMEOUT_MS, startBot, type RunningBot } from "../helpers/bot";
import { createScratchPostgres, databaseKinds } from "../helpers/databases";
import { postSlackCommand, postSlackInteraction } from "../helpers/slack";
import { eventually } from "../helpers/wait";

const SECRET = "digest-e2e-secret";
const PUBLIC_URL = "https://bot.acme.example";
const ENV = { COMPLAINTS_WEBHOOK_SECRET: SECRET, PUBLIC_URL };

/** Billing's latest digest moment before now: Sunday 09:00 in Jerusalem (the example file's default). */
function latestSundayNine(): DateTime {
  const now = DateTime.now().setZone("Asia/Jerusalem");
  let moment = now.set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
  while (moment.weekday !== 7 || moment > now) moment = moment.minus({ days: 1 });
  return moment;
}

/** Complaints in the week that digest covers (and two the week before), as a helpdesk sends them. */
function complaints(prefix: string) {
  const weekStart = latestSundayNine().startOf("day").minus({ days: 7 });
  const at = (days: number) => weekStart.plus({ days, hours: 10 }).toUTC().toISO()!;
  return {
    complaints: [
      ...[0, 1, 2, 3, 4].map((i) => ({ id: `${prefix}-w${i}`, received_at: at(i), channel: "phone", text: `חויבתי פעמיים בדמי משלוח, הזמנה ${i}`, department: "billing" })),
      { id: `${prefix}-legal`, received_at: at(5), channel: "email", text: "Write to dana.customer@example.com or my lawyer will", department: "billing", outcomes: { legal_threat: true, credit: { amount: 120, currency: "ILS" } } },
      { id: `${prefix}-p1`, received_at: at(-3), channel: "chat", text: "החשבונית לא ברורה", department: "billing" },
      { id: `${prefix}-p2`, received_at: at(-2), channel: "chat", text: "החשבונית לא ברורה בכלל", department: "billing" },
      { id: `${prefix}-lost`, received_at: at(2), channel: "store", text: "Nobody could tell me anything" },
    ],
  };
}

async function sendComplaints(bot: RunningBot, prefix: string): Promise<void> {
  const body = JSON.stringify(complaints(prefix));
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v1=${createHmac("sha256", SECRET).update(`v1:${timestamp}:${body}`).digest("hex")}`;
  const res = await fetch(`${bot.base}/api/complaints`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Complaints-Timestamp": timestamp, "X-Complaints-Signature": signature },
    body,
  });
  expect(res.status).toBe(200);
}

/** Posts in a channel across instances; `containing` picks the digests out of other posts (rosters). */
const postsTo = (bots: RunningBot[], channel: string, containing = "") =>
  bots.flatMap((b) => b.slackApi.callsOf("chat.postMessage")).filter((c) => c.body.channel === channel && JSON.stringify(c.body).includes(containing));
const DEPARTMENT_DIGEST = "התלונות השבוע";
const COMPANY_DIGEST = "התלונות בכל החברה";

describe.each(databaseKinds)("complaint digests in Slack on %s", (kind) => {
  let bot: RunningBot;
  const prisma = () => bot.app.db.prisma;

  beforeAll(async () => {
    bot = await startBot(kind, "examples/org.yml", ENV);
    await sendComplaints(bot, kind);
  }, BOT_START_TIMEOUT_MS);
  afterAll(async () => {
    await bot?.stop();
  });

  const digest = async (text: string, user: string) => {
    const before = bot.slackApi.callsOf("response").length;
    const res = await postSlackCommand(bot.base, { command: "/digest", text, user_id: user, response_url: bot.slackApi.responseUrl });
    expect(res.status).toBe(200);
    return JSON.stringify((await eventually(() => bot.slackApi.callsOf("response")[before])).body);
  };

  it("shows a manager the preview of their department's digest, in their language, and posts nothing", async () => {
    const preview = await digest("preview", "U0DANA");
    expect(preview).toContain("תצוגה מקדימה");
    expect(preview).toContain("חשבונות");
    expect(preview).toContain("דמי משלוח");
    expect(preview).not.toContain("dana.customer@example.com");
    expect(preview).toMatch(/"image_url":"https:\/\/bot\.acme\.example\/digest-charts\/[A-Za-z0-9_-]{32}\.png"/);
    expect(postsTo([bot], "C0BILLING", DEPARTMENT_DIGEST)).toHaveLength(0);

    // The chart is served at the address the post names (here through the bot's own port).
    const path = /"image_url":"https:\/\/bot\.acme\.example(\/digest-charts\/[^"]+)"/.exec(preview)![1]!;
    const chart = await fetch(`${bot.base}${path}`);
    expect(chart.status).toBe(200);
    expect(chart.headers.get("content-type")).toBe("image/png");
    expect([...new Uint8Array(await chart.arrayBuffer()).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect((await fetch(`${bot.base}/digest-charts/${"x".repeat(32)}.png`)).status).toBe(404);
    expect((await fetch(`${bot.base}/digest-charts/nope.png`)).status).toBe(404);
  });

  it("refuses the preview to someone who manages nothing, and another department's to a manager who is not an administrator", async () => {
    expect(await digest("preview", "U0MOSHE")).toContain("רק מנהלים");
    expect(await digest("preview billing", "U0YOSSI")).toContain("המחלקות שלך");
    expect(await digest("preview company", "U0DANA")).toContain(COMPANY_DIGEST);
    expect(await digest("what", "U0DANA")).toContain("/digest preview");
  });

  it("lets a manager give an unassigned complaint its department with the Move… button, recorded", async () => {
    const lost = await prisma().complaint.findUniqueOrThrow({ where: { externalId: `${kind}-lost` } });
    expect(lost.departmentId).toBeNull();
    const queue = await postSlackCommand(bot.base, { command: "/complaint", text: "queue", user_id: "U0DANA", response_url: bot.slackApi.responseUrl });
    const listed = JSON.stringify(await queue.json());
    expect(listed).toContain("Nobody could tell me anything");
    expect(listed).toMatch(new RegExp(`"action_id":"complaint.move",[^}]*\\}[^}]*"value":"${lost.id}"`));
    const refused = await postSlackCommand(bot.base, { command: "/complaint", text: "תור", user_id: "U0MOSHE", response_url: bot.slackApi.responseUrl });
    expect(JSON.stringify(await refused.json())).toContain("רק המנהלים");
    const opened = bot.slackApi.callsOf("views.open").length;
    const click = await postSlackInteraction(bot.base, {
      type: "block_actions",
      user: { id: "U0DANA", username: "dana", team_id: "T0TEST" },
      container: { type: "message", message_ts: "1.000001", channel_id: "C0MGMT", is_ephemeral: true },
      response_url: bot.slackApi.responseUrl,
      actions: [{ type: "button", action_id: "complaint.move", block_id: "b1", value: String(lost.id), action_ts: `${Date.now() / 1000}` }],
    });
    expect(click.status).toBe(200);
    const view = (await eventually(() => bot.slackApi.callsOf("views.open")[opened])).body.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe("complaint.move.department");

    const submit = await postSlackInteraction(bot.base, {
      type: "view_submission",
      user: { id: "U0DANA", username: "dana", team_id: "T0TEST" },
      view: {
        id: `VMOVE${kind}`,
        hash: "h1",
        type: "modal",
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        team_id: "T0TEST",
        state: { values: { department: { department: { type: "static_select", selected_option: { value: "support", text: { type: "plain_text", text: "x" } } } } } },
      },
    });
    expect(submit.status).toBe(200);
    expect(JSON.stringify(await submit.json())).toContain("שירות לקוחות");
    const moved = await prisma().complaint.findUniqueOrThrow({ where: { id: lost.id }, include: { department: true, moves: true } });
    expect(moved.department?.key).toBe("support");
    expect(moved.moves).toHaveLength(1);
  });
});

const onPostgres = databaseKinds.includes("postgres") ? describe : describe.skip;

onPostgres("complaint digests with two instances on one PostgreSQL", () => {
  it("posts each department's missed digest once, marked late, with its chart, when the instances come back", async () => {
    const scratch = await createScratchPostgres();
    const env = { ...ENV, DATABASE_URL: scratch.url };
    const bots: RunningBot[] = [];
    try {
      // Installed and fed complaints, then down over the digest moment.
      const first = await startBot("pglite", "examples/org.yml", env);
      await sendComplaints(first, "pg2");
      await first.stop();
      const db = new pg.Client({ connectionString: scratch.url });
      await db.connect();
      await db.query("UPDATE departments SET created_at = now() - interval '60 days'");
      await db.query("DELETE FROM job_runs WHERE job LIKE 'digest.%'");

      bots.push(...(await Promise.all([startBot("pglite", "examples/org.yml", env), startBot("pglite", "examples/org.yml", env)])));
      await eventually(() => postsTo(bots, "C0BILLING", DEPARTMENT_DIGEST).length > 0 && postsTo(bots, "C0MGMT", COMPANY_DIGEST).length > 0);
      // Settled: no digest claimed and unfinished, nothing left in the outbox; a duplicate would have been sent by now.
      await eventually(async () => {
        const running = await db.query("SELECT 1 FROM job_runs WHERE job LIKE 'digest.%' AND status = 'RUNNING'");
        const queued = await db.query("SELECT 1 FROM outbox_messages WHERE status IN ('PENDING', 'SENDING')");
        return running.rowCount === 0 && queued.rowCount === 0;
      });

      const billing = postsTo(bots, "C0BILLING", DEPARTMENT_DIGEST);
      expect(billing).toHaveLength(1);
      const post = JSON.stringify(billing[0]!.body);
      expect(post).toContain("פורסם באיחור");
      expect(post).toContain("דמי משלוח");
      expect(post).not.toContain("dana.customer@example.com");
      expect(post).toContain(`${PUBLIC_URL}/digest-charts/`);
      expect(postsTo(bots, "C0MGMT", COMPANY_DIGEST)).toHaveLength(1);
      const runs = await db.query<{ status: string; late: boolean }>("SELECT status, late FROM job_runs WHERE job = 'digest.department:billing'");
      expect(runs.rows).toEqual([{ status: "DONE", late: true }]);
      await db.end();
    } finally {
      await Promise.all(bots.map((b) => b.stop()));
      await scratch.drop();
    }
  }, 3 * BOT_START_TIMEOUT_MS);
});
