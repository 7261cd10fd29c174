import { complaintForm, defaultCurrency, DEPARTMENT_UNKNOWN, validateComplaintForm } from "../../src/services/complaints/complaint-form";

/** The form a front-line employee logs a complaint with: what it offers and what it accepts. */

const origin = { externalId: "slack:V123", receivedAt: new Date("2026-11-19T08:41:00.000Z") };
const departments = ["billing", "support"];
const noOutcomes = { returned: false, legalThreat: false, churnThreat: false, retained: false, reopened: false };

describe("defaultCurrency", () => {
  it("is the shekel for a company in Israel, nothing elsewhere", () => {
    expect(defaultCurrency("Asia/Jerusalem")).toBe("ILS");
    expect(defaultCurrency("Europe/London")).toBeUndefined();
  });
});

describe("complaintForm", () => {
  it("offers the channels, don't-know and the departments, and says whether customer references are kept", () => {
    const form = complaintForm("en", [{ key: "billing", name: "Billing" }], { customerHashing: true, currency: "ILS" });
    expect(form.title).toBe("Log a complaint");
    const field = (id: string) => form.fields.find((f) => f.id === id) as unknown as Record<string, unknown>;
    expect((field("channel").options as { value: string }[]).map((o) => o.value)).toEqual(["phone", "chat", "email", "social", "store", "other"]);
    expect(field("department").options).toEqual([
      { value: DEPARTMENT_UNKNOWN, label: "Don't know" },
      { value: "billing", label: "Billing" },
    ]);
    expect(field("customer").hint).toBe(
      "Optional: a customer number, ticket or email. It is stored only as a keyed hash, never as written, so that repeat complaints from the same customer can be spotted.",
    );
    expect([field("currency").hint, field("currency").initial]).toEqual(["Three letters, such as ILS, USD or EUR.", "ILS"]);
    expect(form.fields.filter((f) => f.type === "checkbox").map((f) => f.id)).toEqual(["returned", "legal_threat", "churn_threat", "retained", "reopened"]);
  });

  it("without hashing warns that a reference will not be kept, and without a currency asks for one", () => {
    const form = complaintForm("en", [], { customerHashing: false });
    const field = (id: string) => form.fields.find((f) => f.id === id) as unknown as Record<string, unknown>;
    expect(field("customer").hint).toBe(
      "Optional, but it will not be kept here: the keyed hash that spots repeat complaints is not set up yet (COMPLAINTS_WEBHOOK_SECRET). A reference is never stored as written.",
    );
    expect([field("currency").hint, field("currency").initial]).toEqual(["Three letters, such as USD or EUR; needed when you enter a credit.", undefined]);
  });
});

describe("validateComplaintForm", () => {
  it("keeps a complete complaint: trimmed, the channel in storage terms, the credit as text with cents", () => {
    expect(
      validateComplaintForm(
        {
          channel: "phone",
          category: " refunds ",
          department: "billing",
          text: "  The refund never came  ",
          customer: " cust-77 ",
          returned: true,
          legal_threat: true,
          churn_threat: false,
          retained: true,
          reopened: true,
          amount: " 0040.5 ",
          currency: "usd",
        },
        "en",
        departments,
        origin,
      ),
    ).toEqual({
      ok: true,
      value: {
        externalId: "slack:V123",
        receivedAt: new Date("2026-11-19T08:41:00.000Z"),
        channel: "PHONE",
        category: "refunds",
        departmentKey: "billing",
        customer: "cust-77",
        text: "The refund never came",
        returned: true,
        legalThreat: true,
        churnThreat: false,
        retained: true,
        reopened: true,
        credit: { amount: "40.50", currency: "USD" },
      },
    });
  });

  it("leaves out what was left empty; don't-know is no department; a whole amount gets .00", () => {
    expect(
      validateComplaintForm({ channel: "store", category: "  ", department: DEPARTMENT_UNKNOWN, text: "Rude", customer: "", amount: "12", currency: "ils" }, "en", departments, origin),
    ).toEqual({
      ok: true,
      value: {
        externalId: "slack:V123",
        receivedAt: new Date("2026-11-19T08:41:00.000Z"),
        channel: "STORE",
        category: undefined,
        departmentKey: undefined,
        customer: undefined,
        text: "Rude",
        ...noOutcomes,
        credit: { amount: "12.00", currency: "ILS" },
      },
    });
    const withoutCredit = validateComplaintForm({ channel: "chat", text: "Slow", currency: "ILS" }, "en", departments, origin);
    expect(withoutCredit.ok && withoutCredit.value.credit).toBeUndefined();
  });

  it("asks for the channel and the text", () => {
    expect(validateComplaintForm({}, "en", departments, origin)).toEqual({
      ok: false,
      errors: { channel: "Choose how the customer reached us.", text: "Write what the customer said." },
    });
    expect(validateComplaintForm({ channel: "fax", text: " \u200b " }, "en", departments, origin)).toEqual({
      ok: false,
      errors: { channel: "Choose how the customer reached us.", text: "Write what the customer said." },
    });
  });

  it("says which field is too long, and by how much", () => {
    expect(validateComplaintForm({ channel: "email", text: "t".repeat(3001), category: "c".repeat(101), customer: "u".repeat(201) }, "en", departments, origin)).toEqual({
      ok: false,
      errors: {
        category: "At most 100 characters, please (this has 101).",
        text: "At most 3000 characters, please (this has 3001).",
        customer: "At most 200 characters, please (this has 201).",
      },
    });
  });

  it("refuses an amount that is negative, has three decimals or is not a number, and a currency that is not three letters", () => {
    const amountInvalid = "Enter an amount of zero or more with at most two decimals, such as 40 or 12.50.";
    for (const amount of ["-5", "1.005", "forty", "12345678901"]) {
      expect(validateComplaintForm({ channel: "email", text: "Late", amount, currency: "ILS" }, "en", departments, origin)).toEqual({
        ok: false,
        errors: { amount: amountInvalid },
      });
    }
    expect(validateComplaintForm({ channel: "email", text: "Late", amount: "5", currency: "₪" }, "en", departments, origin)).toEqual({
      ok: false,
      errors: { currency: "Use a three-letter currency code, such as ILS, USD or EUR." },
    });
  });

  it("asks for the currency of a credit without one", () => {
    expect(validateComplaintForm({ channel: "email", text: "Late", amount: "5" }, "en", departments, origin)).toEqual({
      ok: false,
      errors: { currency: "Which currency? Enter a three-letter code, such as USD or EUR." },
    });
  });

  it("refuses a department not in the list", () => {
    expect(validateComplaintForm({ channel: "email", text: "Late", department: "sales" }, "en", departments, origin)).toEqual({
      ok: false,
      errors: { department: "Pick one of the departments in the list, or “Don't know”." },
    });
  });
});
