import {
  maskPersonalData,
  personalDataErrors,
  personalDataFindings,
  readableSlackText,
  slackMentionsIn,
  storyFindings,
  validateStoryForm,
} from "../../src/services/stories/story-input";

/** The story form's checks, as the author reads them (English; Hebrew where it differs in kind). */

describe("validateStoryForm", () => {
  it("keeps a complete story: trimmed text, impact, a known department, colleagues once each, the source, the tick", () => {
    expect(
      validateStoryForm(
        {
          text: "  A customer's order was lost; Dana found it.  ",
          impact: " She got it the same day ",
          department: "billing",
          colleagues: ["U0DANA", "U0OMER", "U0DANA"],
          confirm: true,
          source: "https://acme.slack.com/archives/C1/p1",
        },
        "en",
        ["billing", "support"],
      ),
    ).toEqual({
      ok: true,
      value: {
        text: "A customer's order was lost; Dana found it.",
        customerImpact: "She got it the same day",
        departmentKey: "billing",
        colleagues: { platform: "SLACK", userIds: ["U0DANA", "U0OMER"] },
        sourceMessageUrl: "https://acme.slack.com/archives/C1/p1",
        personalDataConfirmed: true,
      },
    });
  });

  it("leaves out what was not given, or given empty, and names the platform the colleagues are on", () => {
    expect(validateStoryForm({ text: "Thanks, Omer", impact: "   ", source: "" }, "en", [], "TEAMS")).toEqual({
      ok: true,
      value: {
        text: "Thanks, Omer",
        customerImpact: undefined,
        departmentKey: undefined,
        colleagues: { platform: "TEAMS", userIds: [] },
        sourceMessageUrl: undefined,
        personalDataConfirmed: false,
      },
    });
  });

  it("reads only values of the right type: a list where text belongs, text where a list or the tick belongs", () => {
    expect(
      validateStoryForm({ text: "Thanks", impact: ["no"], department: ["billing"], colleagues: "U0DANA", confirm: "true" as never, source: ["x"] }, "en", ["billing"]),
    ).toEqual({
      ok: true,
      value: {
        text: "Thanks",
        customerImpact: undefined,
        departmentKey: undefined,
        colleagues: { platform: "SLACK", userIds: [] },
        sourceMessageUrl: undefined,
        personalDataConfirmed: false,
      },
    });
  });

  it("asks for the text when it is missing, blank, or only invisible characters", () => {
    const required = { ok: false, errors: { text: "Write what happened." } };
    expect(validateStoryForm({}, "en", [])).toEqual(required);
    expect(validateStoryForm({ text: "   " }, "en", [])).toEqual(required);
    expect(validateStoryForm({ text: "\u200b\u202e" }, "en", [])).toEqual(required);
  });

  it("says how long is too long, in the field that is", () => {
    expect(validateStoryForm({ text: "x".repeat(3001) }, "en", [])).toEqual({
      ok: false,
      errors: { text: "At most 3000 characters, please (this has 3001)." },
    });
    expect(validateStoryForm({ text: "Thanks", impact: "y".repeat(1002) }, "en", [])).toEqual({
      ok: false,
      errors: { impact: "At most 1000 characters, please (this has 1002)." },
    });
  });

  it("limits the colleagues to 20", () => {
    const colleagues = Array.from({ length: 21 }, (_, i) => `U0PERSON${i}`);
    expect(validateStoryForm({ text: "Thanks, all", colleagues }, "en", [])).toEqual({ ok: false, errors: { colleagues: "Name at most 20 colleagues." } });
  });

  it("refuses a department not in the list", () => {
    expect(validateStoryForm({ text: "Thanks", department: "sales" }, "en", ["billing"])).toEqual({
      ok: false,
      errors: { department: "Pick one of the departments in the list." },
    });
  });

  it("shows a source link that is not https on the text field, the one the author sees", () => {
    const result = validateStoryForm({ text: "Thanks", source: "http://acme.slack.com/archives/C1/p1" }, "en", []);
    expect(result.ok).toBe(false);
    expect(Object.keys(result.ok ? {} : result.errors)).toEqual(["text"]);
  });

  it("refuses a colleague id no platform writes", () => {
    const result = validateStoryForm({ text: "Thanks", colleagues: ["<@U0DANA>"] }, "en", []);
    expect(result.ok).toBe(false);
    expect(Object.keys(result.ok ? {} : result.errors)).toEqual(["colleagues"]);
  });
});

describe("Slack mentions", () => {
  it("finds the users mentioned, in order, once each, and no channels", () => {
    expect(slackMentionsIn("Thanks <@U0DANA|dana> and <@W0OMER>, again <@U0DANA> in <#C0SUPPORT|support>")).toEqual(["U0DANA", "W0OMER"]);
    expect(slackMentionsIn("nobody here")).toEqual([]);
  });

  it("writes mentions as the names we know, else as Slack sent them, else the id; channels by name, else id", () => {
    const names: Record<string, string> = { U0DANA: "Dana Levi" };
    expect(readableSlackText("<@U0DANA|dana> <@U0OMER|omer> <@U0NOAM> in <#C0SUPPORT|support> and <#C0BILLING>", (id) => names[id])).toBe(
      "@Dana Levi @omer @U0NOAM in #support and #C0BILLING",
    );
    expect(readableSlackText("<@U0NOAM|>", () => undefined)).toBe("@U0NOAM");
  });
});

describe("personal data in a story", () => {
  it("masks each kind enough to recognise it without repeating it", () => {
    expect(maskPersonalData("email", "dana.levi@example.com")).toBe("d…@example.com");
    expect(maskPersonalData("phone", "054-123-4567")).toBe("…67");
    expect(maskPersonalData("israeli-id", "123456782")).toBe("…82");
    expect(maskPersonalData("card", "4111 1111 1111 1111")).toBe("…1111");
  });

  it("describes each finding in the reader's language, nothing for no text", () => {
    expect(personalDataFindings("Write to dana.levi@example.com or call 054-123-4567, card 4111 1111 1111 1111, id 123456782", "en")).toEqual([
      "an email address (d…@example.com)",
      "a phone number (…67)",
      "a card number (…1111)",
      "an ID number (…82)",
    ]);
    expect(personalDataFindings("", "en")).toEqual([]);
    expect(personalDataFindings(undefined, "he")).toEqual([]);
    expect(personalDataFindings("A customer was happy", "en")).toEqual([]);
  });

  it("puts each finding in its field and asks for the tick, unless ticked", () => {
    const story = { text: "Mail dana.levi@example.com", customerImpact: "Call 054-123-4567", personalDataConfirmed: false };
    expect(personalDataErrors(story, "en")).toEqual({
      text: "This looks like a customer's personal data: an email address (d…@example.com). Remove it, or tick the box below if it is not.",
      impact: "This looks like a customer's personal data: a phone number (…67). Remove it, or tick the box below if it is not.",
      confirm: "Tick this if what was found is not a customer's personal data.",
    });
    expect(personalDataErrors({ ...story, personalDataConfirmed: true }, "en")).toEqual({});
    expect(personalDataErrors({ text: "A happy customer", customerImpact: undefined, personalDataConfirmed: false }, "en")).toEqual({});
  });

  it("lists everything found for a reply outside a form, text first", () => {
    expect(storyFindings({ text: "Call 054-123-4567", customerImpact: "Mail dana.levi@example.com" }, "en")).toEqual([
      "a phone number (…67)",
      "an email address (d…@example.com)",
    ]);
    expect(storyFindings({ text: "Nothing", customerImpact: undefined }, "en")).toEqual([]);
  });
});
