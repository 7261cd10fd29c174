import { createHmac, hkdfSync } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { t } from "../../src/i18n";
import { databaseKinds } from "../helpers/databases";
import { BOT_START_TIMEOUT_MS, startBot, type RunningBot } from "../helpers/bot";
import { postSlackCommand, postSlackInteraction, type SlackApiCall } from "../helpers/slack";
import { eventually } from "../helpers/wait";

const SECRET = "complaint-form-test-secret";

/** The keyed hash as the README's *Complaints webhook* section defines it, computed here independently of the bot's code. */
function expectedHash(reference: string, secret = SECRET): string {
  const key = Buffer.from(hkdfSync("sha256", secret, "", "customer-reference", 32));
  return createHmac("sha256", key).update(reference).digest("hex");
}

function startWithSecret(kind: Parameters<typeof startBot>[0], secret: string | undefined, orgFile?: string): Promise<RunningBot> {
  return startBot(kind, orgFile, secret ? { COMPLAINTS_WEBHOOK_SECRET: secret } : {});
}

type StateValues = Record<string, Record<string, Record<string, unknown>>>;
const text = (id: string, value: string | null) => ({ [id]: { [id]: { type: "plain_text_input", value } } });
const select = (id: string, value: string) => ({ [id]: { [id]: { type: "static_select", selected_option: { value } } } });
const tick = (id: string, ticked = true) => ({ [id]: { [id]: { type: "checkboxes", selected_options: ticked ? [{ value: "yes" }] : [] } } });

interface ModalBlock {
  type: string;
  block_id?: string;
  optional?: boolean;
  label?: { text: string };
  hint?: { text: string };
  element?: {
    type: string;
    multiline?: boolean;
    max_length?: number;
    initial_value?: string;
    options?: { value: string; text: { text: string } }[];
  };
}
interface ModalView {
  callback_id: string;
  title: { text: string };
  blocks: ModalBlock[];
}

const FIELDS = [
  "channel",
  "category",
  "department",
  "text",
  "customer",
  "returned",
  "legal_threat",
  "churn_threat",
  "retained",
  "reopened",
  "amount",
  "currency",
];

/** `/complaint` and its form in Slack, over signed HTTP against the Slack Web API stand-in. */
describe.each(databaseKinds)("the complaint form in Slack on %s", (kind) => {
  let bot: RunningBot;
  const prisma = () => bot.app.db.prisma;

  beforeAll(async () => {
    bot = await startWithSecret(kind, SECRET);
  }, BOT_START_TIMEOUT_MS);
  afterAll(async () => {
    await bot?.stop();
  });

  let triggers = 0;
  async function openForm(target: RunningBot, user: string): Promise<{ status: number; body: string; view: ModalView }> {
    const trigger = `trig.complaint-${kind}-${++triggers}`;
    const response = await postSlackCommand(target.base, { command: "/complaint", text: "", user_id: user, trigger_id: trigger });
    const body = await response.text();
    const call = await eventually(() => target.slackApi.callsOf("views.open").find((c) => c.body.trigger_id === trigger));
    return { status: response.status, body, view: call.body.view as ModalView };
  }

  let views = 0;
  const newViewId = () => `VCOMPLAINT${++views}${kind.toUpperCase()}`;
  const submit = (target: RunningBot, user: string, viewId: string, values: StateValues, headers: Record<string, string> = {}) =>
    postSlackInteraction(
      target.base,
      {
        type: "view_submission",
        user: { id: user, username: user, team_id: "T0TEST" },
        view: { id: viewId, hash: `h-${viewId}`, type: "modal", callback_id: "complaint.log", private_metadata: "", team_id: "T0TEST", state: { values } },
      },
      headers,
    );
  const answer = async (response: Response) => {
    expect(response.status).toBe(200);
    return (await response.json()) as { response_action: string; errors?: Record<string, string>; view?: unknown };
  };
  const complaintOf = (viewId: string) => prisma().complaint.findUnique({ where: { externalId: `slack-view:${viewId}` }, include: { department: true } });
  const json = (call: SlackApiCall) => JSON.stringify(call.body);
  /** Direct messages to `user` saying complaint #id was logged. */
  const loggedDms = (target: RunningBot, user: string, id: number) =>
    target.slackApi
      .callsOf("chat.postMessage")
      .filter((c) => c.body.channel === user && (json(c).includes(`complaint #${id} is logged`) || json(c).includes(`תלונה #${id} תועדה`)));

  const valid: StateValues = {
    ...select("channel", "phone"),
    ...text("category", "invoice"),
    ...select("department", "billing"),
    ...text("text", "The invoice shows a fee nobody explained"),
    ...text("customer", "cust-9917"),
    ...tick("returned"),
    ...tick("legal_threat", false),
    ...tick("churn_threat"),
    ...tick("retained"),
    ...text("amount", "40.5"),
    ...text("currency", "ils"),
  };

  it("opens the form straight from /complaint, with every field, in the person's language", async () => {
    const { status, body, view } = await openForm(bot, "U0DANIEL");
    expect(status).toBe(200);
    expect(body).toBe(""); // a bare acknowledgement: the form is the answer
    expect(view.callback_id).toBe("complaint.log");
    expect(view.title.text).toBe("Log a complaint");
    const inputs = view.blocks.filter((b) => b.type === "input");
    expect(inputs.map((b) => b.block_id)).toEqual(FIELDS);
    const field = (id: string) => inputs.find((b) => b.block_id === id)!;

    expect(field("channel").optional).toBe(false);
    expect(field("channel").element!.type).toBe("static_select");
    expect(field("channel").element!.options!.map((o) => o.value)).toEqual(["phone", "chat", "email", "social", "store", "other"]);
    expect(field("text").optional).toBe(false);
    expect(field("text").element).toMatchObject({ type: "plain_text_input", multiline: true, max_length: 3000 });
    for (const id of FIELDS.filter((f) => f !== "channel" && f !== "text")) expect([id, field(id).optional]).toEqual([id, true]);

    const departments = field("department").element!.options!;
    expect(departments[0]).toMatchObject({ value: "_unknown", text: { text: "Don't know" } });
    expect(departments.map((o) => o.value).slice(1).sort()).toEqual(["billing", "marketing", "stores", "support"]);
    expect(field("customer").hint!.text).toContain("keyed hash");
    for (const id of ["returned", "legal_threat", "churn_threat", "retained", "reopened"]) expect(field(id).element!.type).toBe("checkboxes");
    // The company is in Asia/Jerusalem: shekels unless said otherwise.
    expect(field("currency").element!.initial_value).toBe("ILS");
  });

  it("stores a valid complaint with its fields, the customer reference only as a keyed hash, and tells its number", async () => {
    const viewId = newViewId();
    const before = await prisma().complaint.count();
    const submittedFrom = new Date(Math.floor(Date.now() / 1000) * 1000);
    const reply = await answer(await submit(bot, "U0DANIEL", viewId, valid));
    const submittedBy = new Date();
    expect(reply.response_action).toBe("update");

    const row = await complaintOf(viewId);
    expect(row).not.toBeNull();
    expect(await prisma().complaint.count()).toBe(before + 1);
    expect(row).toMatchObject({
      channel: "PHONE",
      category: "invoice",
      text: "The invoice shows a fee nobody explained",
      returned: true,
      legalThreat: false,
      churnThreat: true,
      retained: true,
      reopened: false,
      creditCurrency: "ILS",
      customerHash: expectedHash("cust-9917"),
    });
    expect(row!.department?.key).toBe("billing");
    expect(row!.creditAmount?.toFixed(2)).toBe("40.50");
    // Received when it was submitted, not at some time the form or the person said.
    expect(row!.receivedAt.getTime()).toBeGreaterThanOrEqual(submittedFrom.getTime());
    expect(row!.receivedAt.getTime()).toBeLessThanOrEqual(submittedBy.getTime());

    // The reference itself is nowhere in the database.
    const tables = JSON.stringify([await prisma().complaint.findMany(), await prisma().outboxMessage.findMany()]);
    expect(tables).not.toContain("cust-9917");

    // The form shows the number, and a direct message keeps it.
    expect(JSON.stringify(reply.view)).toContain(`#${row!.id}`);
    expect(JSON.stringify(reply.view)).toContain("is logged");
    await eventually(() => loggedDms(bot, "U0DANIEL", row!.id)[0]);
  });

  it("stores nothing more when Slack retries the same submission, and answers with the same number", async () => {
    const viewId = newViewId();
    const values = { ...valid, ...text("text", "The store refused a refund the website promised") };
    const first = await answer(await submit(bot, "U0DANIEL", viewId, values));
    const row = (await complaintOf(viewId))!;
    const count = await prisma().complaint.count();

    const retry = await answer(await submit(bot, "U0DANIEL", viewId, values, { "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout" }));
    const again = await answer(await submit(bot, "U0DANIEL", viewId, values));
    expect(await prisma().complaint.count()).toBe(count);
    expect(await prisma().complaint.count({ where: { text: "The store refused a refund the website promised" } })).toBe(1);
    for (const reply of [first, retry, again]) {
      expect(reply.response_action).toBe("update");
      expect(JSON.stringify(reply.view)).toContain(`#${row.id}`);
    }
    await eventually(() => loggedDms(bot, "U0DANIEL", row.id)[0]);
    await new Promise((r) => setTimeout(r, 300));
    expect(loggedDms(bot, "U0DANIEL", row.id)).toHaveLength(1);
  });

  it("shows what is wrong in the fields and stores nothing", async () => {
    const before = await prisma().complaint.count();
    const viewId = newViewId();
    const reply = await answer(await submit(bot, "U0DANIEL", viewId, { ...valid, ...text("text", "   "), ...text("amount", "12.345") }));
    expect(reply.response_action).toBe("errors");
    expect(reply.errors).toEqual({ text: t("en", "complaintForm.error.textRequired"), amount: t("en", "complaintForm.error.amountInvalid") });

    for (const [values, field] of [
      [{ ...valid, ...text("amount", "-5") }, "amount"],
      [{ ...valid, ...text("amount", "forty") }, "amount"],
      [{ ...valid, ...text("currency", "shekel") }, "currency"],
      [{ ...valid, ...text("text", "x".repeat(3001)) }, "text"],
      [{ ...valid, channel: { channel: { type: "static_select", selected_option: null } } }, "channel"],
      [{ ...valid, ...select("department", "no-such-department") }, "department"],
    ] as const) {
      const wrong = await answer(await submit(bot, "U0DANIEL", viewId, values));
      expect([field, wrong.response_action, Object.keys(wrong.errors ?? {})]).toEqual([field, "errors", [field]]);
    }
    expect(await prisma().complaint.count()).toBe(before);
    expect(await complaintOf(viewId)).toBeNull();

    // The same form, corrected, is then stored ("don't know" leaves the department to the rules).
    const fixed = await answer(await submit(bot, "U0DANIEL", viewId, { ...valid, ...select("department", "_unknown"), ...text("amount", "0") }));
    expect(fixed.response_action).toBe("update");
    const row = await complaintOf(viewId);
    expect(row?.attributedBy).not.toBe("SENDER");
    expect(row?.creditAmount?.toFixed(2)).toBe("0.00");
  });

  it("speaks Hebrew to a Hebrew speaker: the form, its errors, the confirmation and the message", async () => {
    const { view } = await openForm(bot, "U0DANA");
    expect(view.title.text).toContain("תיעוד תלונה");
    expect(JSON.stringify(view)).toContain("איך הלקוח פנה אלינו");

    const viewId = newViewId();
    const wrong = await answer(await submit(bot, "U0DANA", viewId, { ...valid, ...text("text", null) }));
    expect(wrong.errors?.text).toBe(t("he", "complaintForm.error.textRequired"));
    expect(wrong.errors?.text).toMatch(/[\u0590-\u05FF]/);

    const reply = await answer(await submit(bot, "U0DANA", viewId, { ...valid, ...text("text", "הלקוחה חיכתה שעה על הקו") }));
    const row = (await complaintOf(viewId))!;
    expect(row.text).toBe("הלקוחה חיכתה שעה על הקו");
    expect(JSON.stringify(reply.view)).toContain("תועדה");
    expect(JSON.stringify(reply.view)).toContain(`#${row.id}`);
    const dm = await eventually(() => loggedDms(bot, "U0DANA", row.id)[0]);
    expect(json(dm)).toContain("תועדה");
    expect(json(dm)).not.toContain("is logged");
  });

  it("refuses someone the organisation file does not list, and stores nothing", async () => {
    const opens = bot.slackApi.callsOf("views.open").length;
    const response = await postSlackCommand(bot.base, { command: "/complaint", text: "", user_id: "U0STRANGER" });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { response_type: string; text: string };
    expect(body.response_type).toBe("ephemeral");
    expect(JSON.stringify(body)).toContain("קובץ הארגון"); // the company's Hebrew: "the organisation file"
    await new Promise((r) => setTimeout(r, 200));
    expect(bot.slackApi.callsOf("views.open")).toHaveLength(opens);

    // A forged submission is refused on the server too.
    const before = await prisma().complaint.count();
    const viewId = newViewId();
    const reply = await answer(await submit(bot, "U0STRANGER", viewId, valid));
    expect(reply.response_action).toBe("update");
    expect(JSON.stringify(reply.view)).toContain("קובץ הארגון");
    expect(await prisma().complaint.count()).toBe(before);
  });

  describe("without COMPLAINTS_WEBHOOK_SECRET, for a company outside Israel", () => {
    let other: RunningBot;
    beforeAll(async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "complaint-org-"));
      const orgFile = path.join(dir, "org.yml");
      const yaml = readFileSync("examples/org.yml", "utf8");
      const london = yaml.replace(/^ {2}timezone: Asia\/Jerusalem/m, "  timezone: Europe/London");
      expect(london).not.toBe(yaml);
      writeFileSync(orgFile, london);
      other = await startWithSecret(kind, undefined, orgFile);
    }, BOT_START_TIMEOUT_MS);
    afterAll(async () => {
      await other?.stop();
    });

    it("asks for the currency instead of assuming one, and warns that references are not kept", async () => {
      const { view } = await openForm(other, "U0DANIEL");
      const field = (id: string) => view.blocks.find((b) => b.block_id === id)!;
      expect(field("currency").element!.initial_value).toBeUndefined();
      expect(field("customer").hint!.text).toBe(t("en", "complaintForm.customerHintNotStored"));

      const viewId = newViewId();
      const wrong = await answer(await submit(other, "U0DANIEL", viewId, { ...valid, ...text("currency", null) }));
      expect(wrong).toMatchObject({ response_action: "errors", errors: { currency: t("en", "complaintForm.error.currencyRequired") } });
      expect(await other.app.db.prisma.complaint.count()).toBe(0);
    });

    it("drops the customer reference rather than storing it in clear, and says so", async () => {
      const viewId = newViewId();
      const reply = await answer(await submit(other, "U0DANIEL", viewId, { ...valid, ...text("customer", "cust-4242"), ...text("currency", "usd") }));
      expect(reply.response_action).toBe("update");
      const row = await other.app.db.prisma.complaint.findUniqueOrThrow({ where: { externalId: `slack-view:${viewId}` } });
      expect(row).toMatchObject({ customerHash: null, creditCurrency: "USD", channel: "PHONE" });
      const everything = JSON.stringify([await other.app.db.prisma.complaint.findMany(), await other.app.db.prisma.outboxMessage.findMany()]);
      expect(everything).not.toContain("cust-4242");
      expect(JSON.stringify(reply.view)).toContain(`#${row.id}`);
      expect(JSON.stringify(reply.view)).toContain("customer reference was not stored");
      const dm = await eventually(() => loggedDms(other, "U0DANIEL", row.id)[0]);
      expect(json(dm)).toContain("customer reference was not stored");
    });
  });
});
