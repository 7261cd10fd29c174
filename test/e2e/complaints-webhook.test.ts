import { createHash, createHmac, hkdfSync } from "node:crypto";
import { complaintsWebhookRouter } from "../../src/http/complaints-webhook";
import { createExpressApp, listen, type RunningServer } from "../../src/http/server";
import { createLogger } from "../../src/logger";
import { BOT_START_TIMEOUT_MS, startBot, type RunningBot } from "../helpers/bot";
import { databaseKinds } from "../helpers/databases";

const SECRET = "complaints-test-secret";

/** The signature as the README's *Complaints webhook* section defines it, computed here independently of the bot's code. */
function sign(timestamp: string, body: string, secret = SECRET): string {
  return `v1=${createHmac("sha256", secret).update(`v1:${timestamp}:${body}`).digest("hex")}`;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

interface Sent {
  status: number;
  json: Record<string, unknown>;
}

async function post(
  base: string,
  body: string,
  { timestamp = String(nowSeconds()), signature, signedBody }: { timestamp?: string; signature?: string | null; signedBody?: string } = {},
): Promise<Sent> {
  const headers: Record<string, string> = { "Content-Type": "application/json", "X-Complaints-Timestamp": timestamp };
  const sig = signature === undefined ? sign(timestamp, signedBody ?? body) : signature;
  if (sig !== null) headers["X-Complaints-Signature"] = sig;
  const res = await fetch(`${base}/api/complaints`, { method: "POST", headers, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const example = {
  id: "zd-48121",
  received_at: "2026-11-19T08:41:00Z",
  channel: "phone",
  text: "The invoice shows a fee nobody explained",
  customer: "cust-9917",
  department: "billing",
  category: "invoice",
  outcomes: {
    returned: false,
    credit: { amount: 40, currency: "ILS" },
    legal_threat: false,
    churn_threat: true,
    retained: true,
    reopened: false,
  },
};

describe.each(databaseKinds)("the complaints webhook on %s", (kind) => {
  let bot: RunningBot;
  const count = (ids?: string[]) => bot.app.db.prisma.complaint.count(ids ? { where: { externalId: { in: ids } } } : undefined);

  beforeAll(async () => {
    bot = await startBot(kind, undefined, { COMPLAINTS_WEBHOOK_SECRET: SECRET });
  }, BOT_START_TIMEOUT_MS);
  afterAll(async () => {
    await bot?.stop();
  });

  it("stores a signed complaint with every field, the customer only as a keyed hash", async () => {
    const sent = await post(bot.base, JSON.stringify(example));
    expect(sent).toEqual({ status: 200, json: { stored: 1, duplicates: [], warnings: [] } });

    const prisma = bot.app.db.prisma;
    const row = await prisma.complaint.findUniqueOrThrow({ where: { externalId: "zd-48121" }, include: { department: true } });
    expect(row).toMatchObject({
      receivedAt: new Date("2026-11-19T08:41:00Z"),
      channel: "PHONE",
      category: "invoice",
      attributedBy: "SENDER",
      text: "The invoice shows a fee nobody explained",
      returned: false,
      creditCurrency: "ILS",
      legalThreat: false,
      churnThreat: true,
      retained: true,
      reopened: false,
    });
    expect(row.department?.key).toBe("billing");
    expect(Number(row.creditAmount)).toBe(40);

    const key = Buffer.from(hkdfSync("sha256", SECRET, "", "customer-reference", 32));
    expect(row.customerHash).toBe(createHmac("sha256", key).update("cust-9917").digest("hex"));
    expect(row.customerHash).not.toBe(createHash("sha256").update("cust-9917").digest("hex"));
    const [stored] = await prisma.$queryRaw<{ row: string }[]>`SELECT row_to_json(c)::text AS row FROM complaints c WHERE external_id = 'zd-48121'`;
    expect(stored?.row).toContain("zd-48121");
    expect(stored?.row).not.toContain("cust-9917");
  });

  it("stores a batch in one request, defaults included", async () => {
    const complaints = [
      { id: "batch-1", text: "Late delivery", received_at: "2026-11-18T10:00:00+02:00", channel: "email", customer: "cust-1" },
      { id: "batch-2", text: "Rude answer", received_at: "2026-11-18T11:00:00.123Z", channel: "store", department: "stores" },
      { id: "batch-3", text: "Nobody called back", received_at: "2026-11-18T12:00:00-05:00" },
    ];
    const sent = await post(bot.base, JSON.stringify({ complaints }));
    expect(sent).toEqual({ status: 200, json: { stored: 3, duplicates: [], warnings: [] } });
    const rows = await bot.app.db.prisma.complaint.findMany({ where: { externalId: { startsWith: "batch-" } }, orderBy: { externalId: "asc" } });
    expect(rows.map((r) => [r.externalId, r.channel, r.attributedBy, r.receivedAt.toISOString()])).toEqual([
      ["batch-1", "EMAIL", "NONE", "2026-11-18T08:00:00.000Z"],
      ["batch-2", "STORE", "SENDER", "2026-11-18T11:00:00.123Z"],
      ["batch-3", "OTHER", "NONE", "2026-11-18T17:00:00.000Z"],
    ]);
    expect(rows[2]).toMatchObject({ customerHash: null, departmentId: null, creditAmount: null, returned: false, legalThreat: false });
  });

  it("stores the same id once and reports repeats as duplicates", async () => {
    const first = { id: "dup-1", text: "Charged twice", received_at: "2026-11-19T09:00:00Z" };
    expect(await post(bot.base, JSON.stringify(first))).toEqual({ status: 200, json: { stored: 1, duplicates: [], warnings: [] } });
    const again = await post(bot.base, JSON.stringify({ ...first, text: "A different text" }));
    expect(again).toEqual({ status: 200, json: { stored: 0, duplicates: ["dup-1"], warnings: [] } });

    const batch = { complaints: [first, { id: "dup-2", text: "Once", received_at: "2026-11-19T09:00:00Z" }, { id: "dup-2", text: "Twice", received_at: "2026-11-19T09:00:00Z" }] };
    const sent = await post(bot.base, JSON.stringify(batch));
    expect(sent.status).toBe(200);
    expect(sent.json.stored).toBe(1);
    expect([...(sent.json.duplicates as string[])].sort()).toEqual(["dup-1", "dup-2"]);

    expect(await count(["dup-1", "dup-2"])).toBe(2);
    const kept = await bot.app.db.prisma.complaint.findMany({ where: { externalId: { in: ["dup-1", "dup-2"] } }, orderBy: { externalId: "asc" } });
    expect(kept.map((k) => k.text)).toEqual(["Charged twice", "Once"]);
  });

  it("refuses a wrong or missing signature with 401 and stores nothing", async () => {
    const body = JSON.stringify({ id: "unsigned-1", text: "x", received_at: "2026-11-19T09:00:00Z" });
    const before = await count();
    expect((await post(bot.base, body, { signature: sign(String(nowSeconds()), body, "another-secret") })).status).toBe(401);
    expect((await post(bot.base, body, { signature: null })).status).toBe(401);
    expect((await post(bot.base, body, { signature: "v1=" + "0".repeat(64) })).status).toBe(401);
    expect((await post(bot.base, body, { signature: "garbage" })).status).toBe(401);
    expect(await count()).toBe(before);
  });

  it("refuses a timestamp more than five minutes off, either way, even when correctly signed", async () => {
    const body = JSON.stringify({ id: "stale-1", text: "x", received_at: "2026-11-19T09:00:00Z" });
    const stale = await post(bot.base, body, { timestamp: String(nowSeconds() - 6 * 60) });
    expect(stale.status).toBe(401);
    expect(stale.json.error).toMatch(/five minutes/);
    expect((await post(bot.base, body, { timestamp: String(nowSeconds() + 6 * 60) })).status).toBe(401);
    expect((await post(bot.base, body, { timestamp: "not-a-number" })).status).toBe(401);
    expect(await count(["stale-1"])).toBe(0);
    // Within the window it is accepted: the refusals above were for the time alone.
    expect((await post(bot.base, body, { timestamp: String(nowSeconds() - 4 * 60) })).status).toBe(200);
    expect(await count(["stale-1"])).toBe(1);
  });

  it("refuses a body changed after signing", async () => {
    const signedBody = JSON.stringify({ id: "tamper-1", text: "Small fee", received_at: "2026-11-19T09:00:00Z" });
    const body = signedBody.replace("Small", "Huge");
    expect((await post(bot.base, body, { signedBody })).status).toBe(401);
    // Whitespace is part of the signed bytes too.
    expect((await post(bot.base, `${signedBody} `, { signedBody })).status).toBe(401);
    expect(await count(["tamper-1"])).toBe(0);
  });

  it("rejects a batch with any invalid complaint whole, listing every problem with its path", async () => {
    const before = await count();
    const complaints = [
      { id: "invalid-batch-0", text: "Fine", received_at: "2026-11-19T09:00:00Z" },
      { id: "invalid-batch-1", text: "Fine too", received_at: "2026-11-19T09:00:00Z", outcomes: { credit: { amount: -5, currency: "shekel" } } },
      { id: "invalid-batch-2", text: "", received_at: "2026-11-19 09:00" },
      { id: "invalid-batch-3", text: "Extra", received_at: "2026-11-19T09:00:00", colour: "red", channel: "fax" },
      { text: "No id", received_at: "2026-11-19T09:00:00Z" },
    ];
    const sent = await post(bot.base, JSON.stringify({ complaints }));
    expect(sent.status).toBe(400);
    const problems = sent.json.problems as string[];
    expect(problems).toEqual(
      expect.arrayContaining([
        "complaints[1].outcomes.credit.amount: must not be negative",
        "complaints[1].outcomes.credit.currency: expected a three-letter currency code (ISO 4217) such as ILS",
        "complaints[2].text: expected the complaint's text, got an empty string",
        "complaints[2].received_at: expected an ISO 8601 date-time with offset",
        "complaints[3].received_at: expected an ISO 8601 date-time with offset",
        "complaints[3].colour: unknown field",
        "complaints[4].id: required",
      ]),
    );
    expect(problems.some((p) => p.startsWith("complaints[3].channel: expected one of phone, chat, email, social, store"))).toBe(true);
    expect(problems.some((p) => p.startsWith("complaints[0]"))).toBe(false);
    expect(await count()).toBe(before);

    const notJson = await post(bot.base, "{ not json");
    expect(notJson.status).toBe(400);
    const single = await post(bot.base, JSON.stringify({ id: "single-bad", text: "x" }));
    expect(single).toMatchObject({ status: 400, json: { problems: ["received_at: required"] } });
    expect((await post(bot.base, JSON.stringify({ complaints: [] }))).status).toBe(400);
    expect(await count()).toBe(before);
  });

  it("refuses other content types and bodies over 1 MB", async () => {
    const body = JSON.stringify({ id: "plain-1", text: "x", received_at: "2026-11-19T09:00:00Z" });
    const ts = String(nowSeconds());
    const plain = await fetch(`${bot.base}/api/complaints`, {
      method: "POST",
      headers: { "Content-Type": "text/plain", "X-Complaints-Timestamp": ts, "X-Complaints-Signature": sign(ts, body) },
      body,
    });
    expect(plain.status).toBe(415);
    const big = JSON.stringify({ id: "big-1", text: "x".repeat(1_100_000), received_at: "2026-11-19T09:00:00Z" });
    expect((await post(bot.base, big)).status).toBe(413);
    expect(await count(["plain-1", "big-1"])).toBe(0);
  });

  it("attributes a complaint for an unknown department by the rules instead, with a warning", async () => {
    const complaints = [
      { id: "dept-known", text: "Campaign promised too much", received_at: "2026-11-19T09:00:00Z", department: "marketing" },
      { id: "dept-unknown", text: "Who does this?", received_at: "2026-11-19T09:00:00Z", department: "no-such-department" },
    ];
    const sent = await post(bot.base, JSON.stringify({ complaints }));
    expect(sent).toEqual({
      status: 200,
      json: {
        stored: 2,
        duplicates: [],
        warnings: [{ id: "dept-unknown", path: "complaints[1].department", message: `unknown department "no-such-department"; attributed by the departments' rules instead` }],
      },
    });
    const rows = await bot.app.db.prisma.complaint.findMany({
      where: { externalId: { in: ["dept-known", "dept-unknown"] } },
      orderBy: { externalId: "asc" },
      include: { department: true },
    });
    expect(rows.map((r) => [r.externalId, r.department?.key ?? null, r.attributedBy])).toEqual([
      ["dept-known", "marketing", "SENDER"],
      ["dept-unknown", null, "NONE"],
    ]);
  });
});

describe("the complaints webhook without COMPLAINTS_WEBHOOK_SECRET", () => {
  let server: RunningServer;
  const touched: string[] = [];

  beforeAll(async () => {
    const app = createExpressApp();
    // A database that records any use: nothing may reach it.
    const prisma = new Proxy({}, { get: (_t, name) => (touched.push(String(name)), undefined) });
    app.use(complaintsWebhookRouter({ prisma: prisma as never, logger: createLogger("silent") }, undefined));
    server = await listen(app, 0, createLogger("silent"), "127.0.0.1");
  });
  afterAll(async () => {
    await server?.close();
  });

  it("answers 503 naming the variable to set, and touches nothing", async () => {
    const sent = await post(`http://127.0.0.1:${server.port}`, JSON.stringify(example));
    expect(sent.status).toBe(503);
    expect(sent.json.error).toMatch(/COMPLAINTS_WEBHOOK_SECRET/);
    expect(touched).toEqual([]);
  });
});
