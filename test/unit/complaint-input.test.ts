import { COMPLAINT_BATCH_MAX, parseComplaints } from "../../src/services/complaints/complaint-input";

/** The complaints webhook's body checks: what is stored, and the problems the sender reads. */

const minimal = { id: "t-1", text: "The invoice is unclear", received_at: "2026-11-19T10:41:00+02:00" };

describe("parseComplaints: accepted", () => {
  it("one complaint with only the required fields: channel other, no outcomes", () => {
    expect(parseComplaints(minimal)).toEqual({
      ok: true,
      paths: [""],
      complaints: [
        {
          externalId: "t-1",
          receivedAt: new Date("2026-11-19T08:41:00.000Z"),
          channel: "OTHER",
          category: undefined,
          departmentKey: undefined,
          customer: undefined,
          text: "The invoice is unclear",
          returned: false,
          credit: undefined,
          legalThreat: false,
          churnThreat: false,
          retained: false,
          reopened: false,
        },
      ],
    });
  });

  it("every field: the channel in storage terms, the department lower-cased, the credit with two decimals, the currency upper-cased", () => {
    const result = parseComplaints({
      ...minimal,
      text: "  Refund late\u200b  ",
      channel: "chat",
      category: "refunds",
      department: "Billing",
      customer: "cust-77",
      outcomes: { returned: true, credit: { amount: 120.5, currency: "ils" }, legal_threat: true, churn_threat: true, retained: true, reopened: true },
    });
    expect(result).toEqual({
      ok: true,
      paths: [""],
      complaints: [
        {
          externalId: "t-1",
          receivedAt: new Date("2026-11-19T08:41:00.000Z"),
          channel: "CHAT",
          category: "refunds",
          departmentKey: "billing",
          customer: "cust-77",
          text: "Refund late",
          returned: true,
          credit: { amount: "120.50", currency: "ILS" },
          legalThreat: true,
          churnThreat: true,
          retained: true,
          reopened: true,
        },
      ],
    });
  });

  it("null means absent for the optional fields, the outcomes and the credit", () => {
    const result = parseComplaints({ ...minimal, channel: null, category: null, department: null, customer: null, outcomes: { credit: null, returned: null } });
    expect(result.ok && result.complaints[0]).toMatchObject({ channel: "OTHER", category: undefined, departmentKey: undefined, credit: undefined, returned: false });
    expect(parseComplaints({ ...minimal, outcomes: null }).ok).toBe(true);
  });

  it("a batch, each complaint with its path", () => {
    const result = parseComplaints({ complaints: [minimal, { ...minimal, id: "t-2", channel: "phone" }] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.paths).toEqual(["complaints[0]", "complaints[1]"]);
    expect(result.complaints.map((c) => [c.externalId, c.channel])).toEqual([
      ["t-1", "OTHER"],
      ["t-2", "PHONE"],
    ]);
  });
});

describe("parseComplaints: refused, saying where and never quoting what was sent", () => {
  const body = 'body: expected a JSON object: one complaint, or { "complaints": [ ... ] }';

  it("a body that is not an object", () => {
    for (const value of [null, "t-1", 42, [minimal]]) expect(parseComplaints(value)).toEqual({ ok: false, problems: [body] });
  });

  it("required fields missing, and fields of the wrong type", () => {
    expect(parseComplaints({})).toEqual({ ok: false, problems: ["id: required", "text: required", "received_at: required"] });
    expect(parseComplaints({ id: 7, text: ["x"], received_at: 1700000000 })).toEqual({
      ok: false,
      problems: ["id: expected a string", "text: expected the complaint's text", "received_at: expected an ISO 8601 date-time with offset"],
    });
  });

  it("empty, blank and too long values", () => {
    // Two checks can say the same of one field: the sender reads each sentence once or twice.
    const once = (result: ReturnType<typeof parseComplaints>) => (result.ok ? [] : [...new Set(result.problems)]);
    expect(once(parseComplaints({ ...minimal, id: "", text: " \u200b " }))).toEqual([
      "id: expected a non-empty string",
      "text: expected the complaint's text, got an empty string",
    ]);
    expect(parseComplaints({ ...minimal, id: "   " })).toEqual({ ok: false, problems: ["id: expected a non-empty string"] });
    expect(parseComplaints({ ...minimal, id: "i".repeat(201), text: "t".repeat(10_001), category: "c".repeat(201), department: "d".repeat(101) })).toEqual({
      ok: false,
      problems: [
        "id: too long (at most 200 characters)",
        "text: too long (at most 10000 characters)",
        "category: too long (at most 200 characters)",
        "department: too long (at most 100 characters)",
      ],
    });
    expect(parseComplaints({ ...minimal, customer: "" })).toEqual({ ok: false, problems: ["customer: expected a string, got an empty string"] });
  });

  it("a date-time without an offset, or one that is not a date", () => {
    expect(parseComplaints({ ...minimal, received_at: "2026-11-19T10:41:00" })).toEqual({
      ok: false,
      problems: ["received_at: expected an ISO 8601 date-time with offset"],
    });
    const result = parseComplaints({ ...minimal, received_at: "yesterday" });
    expect(result.ok ? [] : [...new Set(result.problems)]).toEqual(["received_at: expected an ISO 8601 date-time with offset"]);
  });

  it("an unknown channel, a flag that is not a boolean, a credit that is negative, too fine, too large, or in no currency", () => {
    expect(parseComplaints({ ...minimal, channel: "fax", outcomes: { returned: "yes" } })).toEqual({
      ok: false,
      problems: ["channel: expected one of phone, chat, email, social, store, other", "outcomes.returned: expected true or false"],
    });
    expect(parseComplaints({ ...minimal, outcomes: { credit: { amount: -1, currency: "ILS" } } })).toEqual({
      ok: false,
      problems: ["outcomes.credit.amount: must not be negative"],
    });
    expect(parseComplaints({ ...minimal, outcomes: { credit: { amount: 1.005, currency: "IL" } } })).toEqual({
      ok: false,
      problems: ["outcomes.credit.amount: at most two decimal places", "outcomes.credit.currency: expected a three-letter currency code (ISO 4217) such as ILS"],
    });
    expect(parseComplaints({ ...minimal, outcomes: { credit: { amount: 10_000_000_000, currency: 376 } } })).toEqual({
      ok: false,
      problems: ["outcomes.credit.amount: at most 9999999999.99", "outcomes.credit.currency: expected a three-letter currency code (ISO 4217) such as ILS"],
    });
    expect(parseComplaints({ ...minimal, outcomes: { credit: { amount: "12", currency: "ILS" } } })).toEqual({
      ok: false,
      problems: ["outcomes.credit.amount: expected a number"],
    });
  });

  it("unknown fields, at any depth, each by its path", () => {
    expect(parseComplaints({ ...minimal, priority: "high", outcomes: { refunded: true, credit: { amount: 1, currency: "ILS", tax: 0 } } })).toEqual({
      ok: false,
      problems: ["outcomes.credit.tax: unknown field", "outcomes.refunded: unknown field", "priority: unknown field"],
    });
    expect(parseComplaints({ complaints: [minimal], source: "crm" })).toEqual({ ok: false, problems: ["source: unknown field"] });
  });

  it("a batch that is not a list, empty, or too long; a bad complaint in it by its index", () => {
    expect(parseComplaints({ complaints: "t-1" })).toEqual({ ok: false, problems: ["complaints: expected an array of complaints"] });
    expect(parseComplaints({ complaints: [] })).toEqual({ ok: false, problems: ["complaints: expected at least one complaint"] });
    expect(COMPLAINT_BATCH_MAX).toBe(1000);
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ ...minimal, id: `t-${i}` }));
    expect(parseComplaints({ complaints: tooMany })).toEqual({ ok: false, problems: ["complaints: at most 1000 complaints per request"] });
    expect(parseComplaints({ complaints: [minimal, { ...minimal, received_at: undefined }] })).toEqual({
      ok: false,
      problems: ["complaints[1].received_at: required"],
    });
  });

  it("lists at most 100 problems, then how many more", () => {
    const bad = Array.from({ length: 60 }, () => ({ text: "x" }));
    const result = parseComplaints({ complaints: bad });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(101);
    expect(result.problems.slice(0, 3)).toEqual(["complaints[0].id: required", "complaints[0].received_at: required", "complaints[1].id: required"]);
    expect(result.problems[100]).toBe("... and 20 more");
  });
});
