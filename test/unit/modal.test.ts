import type { AnyBlock, Checkboxes, InputBlock, PlainTextInput, StaticSelect } from "@slack/types";
import type { Field, Form } from "../../src/chat/form";
import {
  modalErrors,
  readModalValues,
  renderModal,
  SLACK_MODAL_LIMITS,
  type SlackStateValues,
} from "../../src/chat/slack/modal";

const RLM = "\u200F";

const ideaForm: Form = {
  action: "idea.submit",
  title: "Propose an improvement",
  submit: "Send",
  close: "Cancel",
  intro: [{ type: "section", text: ["Ideas go to ", { bold: "your manager" }, " for approval."] }],
  fields: [
    { id: "title", type: "text", label: "Title", maxLength: 150, placeholder: "In a few words", initial: "Explain the card fee" },
    { id: "details", type: "text", label: "Details", multiline: true, optional: true, hint: "What would change, and for whom?" },
    {
      id: "department",
      type: "select",
      label: "Department",
      options: [
        { value: "billing", label: "Billing" },
        { value: "web", label: "Website" },
      ],
      initial: "web",
    },
    { id: "owner", type: "user", label: "Owner", optional: true, initial: "U0DANA" },
    { id: "due", type: "date", label: "Due", optional: true, initial: "2025-03-01" },
    { id: "anonymous", type: "checkbox", label: "Privacy", text: "Hide my name", optional: true, initial: true },
  ],
  state: "idea-17",
};

function inputs(blocks: readonly AnyBlock[]): InputBlock[] {
  return blocks.filter((b): b is InputBlock => b.type === "input");
}

function inputById(form: Form, id: string): InputBlock {
  const found = inputs(renderModal(form).blocks).find((b) => b.block_id === id);
  if (!found) throw new Error(`no input ${id}`);
  return found;
}

function formWith(field: Field, extra: Partial<Form> = {}): Form {
  return { ...ideaForm, fields: [field], ...extra };
}

describe("renderModal", () => {
  it("renders a modal with callback id, state, buttons, the intro and one input per field", () => {
    const view = renderModal(ideaForm);
    expect(view).toMatchObject({
      type: "modal",
      callback_id: "idea.submit",
      private_metadata: "idea-17",
      title: { type: "plain_text", text: "Propose an improvement" },
      submit: { type: "plain_text", text: "Send" },
      close: { type: "plain_text", text: "Cancel" },
    });
    expect(view.blocks[0]).toEqual({
      type: "section",
      text: { type: "mrkdwn", text: "Ideas go to *your manager* for approval.", verbatim: true },
    });
    expect(inputs(view.blocks).map((b) => [b.block_id, b.element.action_id, b.optional])).toEqual([
      ["title", "title", false],
      ["details", "details", true],
      ["department", "department", false],
      ["owner", "owner", true],
      ["due", "due", true],
      ["anonymous", "anonymous", true],
    ]);
  });

  it("renders each field type with its initial value", () => {
    expect(inputById(ideaForm, "title").element).toEqual({
      type: "plain_text_input",
      action_id: "title",
      multiline: false,
      max_length: 150,
      placeholder: { type: "plain_text", text: "In a few words", emoji: true },
      initial_value: "Explain the card fee",
    });
    const details = inputById(ideaForm, "details");
    expect(details.element).toMatchObject({ type: "plain_text_input", multiline: true, max_length: 3000 });
    expect(details.hint).toEqual({ type: "plain_text", text: "What would change, and for whom?", emoji: true });

    const select = inputById(ideaForm, "department").element as StaticSelect;
    expect(select.type).toBe("static_select");
    expect(select.options?.map((o) => [o.text.text, o.value])).toEqual([
      ["Billing", "billing"],
      ["Website", "web"],
    ]);
    expect(select.initial_option).toEqual(select.options?.[1]);

    expect(inputById(ideaForm, "owner").element).toEqual({ type: "users_select", action_id: "owner", initial_user: "U0DANA" });
    expect(inputById(ideaForm, "due").element).toEqual({ type: "datepicker", action_id: "due", initial_date: "2025-03-01" });

    const checkbox = inputById(ideaForm, "anonymous").element as Checkboxes;
    expect(checkbox.options).toEqual([{ text: { type: "plain_text", text: "Hide my name", emoji: true }, value: "yes" }]);
    expect(checkbox.initial_options).toEqual(checkbox.options);
  });

  it("leaves out initial values that are absent or that Slack would refuse", () => {
    const select = formWith({ id: "s", type: "select", label: "S", options: [{ value: "a", label: "A" }], initial: "gone" });
    expect(inputById(select, "s").element).not.toHaveProperty("initial_option");
    expect(inputById(formWith({ id: "d", type: "date", label: "D", initial: "1/3/2025" }), "d").element).not.toHaveProperty(
      "initial_date",
    );
    const unticked = inputById(formWith({ id: "c", type: "checkbox", label: "C", text: "T" }), "c").element;
    expect(unticked).not.toHaveProperty("initial_options");
    expect(renderModal({ ...ideaForm, state: undefined }).private_metadata).toBe("");
  });

  it("cuts titles and texts to Slack's limits", () => {
    const long = "Propose an improvement to the way we answer customers";
    const view = renderModal({ ...ideaForm, title: long, submit: long, close: long });
    for (const [text, max] of [
      [view.title.text, SLACK_MODAL_LIMITS.title],
      [view.submit?.text ?? "", SLACK_MODAL_LIMITS.submit],
      [view.close?.text ?? "", SLACK_MODAL_LIMITS.close],
    ] as const) {
      expect(text.length).toBeLessThanOrEqual(max);
      expect(text.endsWith("…")).toBe(true);
    }
    expect(view.title.text).toBe("Propose an improvement…");

    const option = { value: "v", label: "x".repeat(200) };
    const select = inputById(formWith({ id: "s", type: "select", label: "y".repeat(3000), options: [option] }), "s");
    expect(select.label.text.length).toBe(SLACK_MODAL_LIMITS.label);
    expect((select.element as StaticSelect).options?.[0]?.text.text.length).toBe(SLACK_MODAL_LIMITS.optionText);
  });

  it("passes max_length, capped at Slack's maximum, and fits the initial value into it", () => {
    const text = (maxLength: number, initial?: string): PlainTextInput =>
      inputById(formWith({ id: "t", type: "text", label: "T", maxLength, initial }), "t").element as PlainTextInput;
    expect(text(20).max_length).toBe(20);
    expect(text(10_000).max_length).toBe(SLACK_MODAL_LIMITS.inputText);
    expect(text(10, "a sentence longer than ten").initial_value).toBe("a sentenc…");
  });

  it("keeps user-written labels as plain_text, escaped so Slack shows them as typed", () => {
    const field: Field = {
      id: "t",
      type: "text",
      label: "Ping <!channel> & *all*",
      hint: "<@U123>",
      placeholder: "<https://evil|bank>",
    };
    const block = inputById(formWith(field), "t");
    expect(block.label).toEqual({ type: "plain_text", text: "Ping &lt;!channel&gt; &amp; *all*", emoji: true });
    expect(block.hint).toEqual({ type: "plain_text", text: "&lt;@U123&gt;", emoji: true });
    expect((block.element as PlainTextInput).placeholder?.type).toBe("plain_text");
  });

  it("marks every line of right-to-left texts", () => {
    const view = renderModal(formWith({ id: "t", type: "text", label: "כותרת" }, { title: "הצעה לשיפור", direction: "rtl" }));
    expect(view.title.text).toBe(`${RLM}הצעה לשיפור`);
    expect(inputs(view.blocks)[0]?.label.text).toBe(`${RLM}כותרת`);
  });

  it("refuses identifiers and state that Slack would cut or reject", () => {
    expect(() => renderModal({ ...ideaForm, state: "x".repeat(SLACK_MODAL_LIMITS.privateMetadata + 1) })).toThrow(RangeError);
    expect(() => renderModal({ ...ideaForm, action: "a".repeat(256) })).toThrow(RangeError);
    expect(() => renderModal(formWith({ id: "i".repeat(256), type: "date", label: "D" }))).toThrow(RangeError);
    const longValue = { value: "v".repeat(SLACK_MODAL_LIMITS.optionValue + 1), label: "V" };
    expect(() => renderModal(formWith({ id: "s", type: "select", label: "S", options: [longValue] }))).toThrow(RangeError);
    const manyFields: Field[] = Array.from({ length: SLACK_MODAL_LIMITS.blocks }, (_, i) => ({ id: `f${i}`, type: "date", label: "D" }));
    expect(() => renderModal({ ...ideaForm, fields: manyFields })).toThrow(RangeError);
    expect(renderModal({ ...ideaForm, intro: undefined, fields: manyFields }).blocks).toHaveLength(SLACK_MODAL_LIMITS.blocks);
  });
});

describe("readModalValues", () => {
  it("reads back what the modal was rendered with", () => {
    // What Slack sends in view.state.values when the initial values are submitted unchanged.
    const values: SlackStateValues = {};
    for (const block of inputs(renderModal(ideaForm).blocks)) {
      const element = block.element as unknown as Record<string, unknown>;
      const action = block.element.action_id ?? "";
      values[block.block_id ?? ""] = {
        [action]: {
          type: block.element.type,
          value: (element.initial_value as string | undefined) ?? null,
          selected_option: (element.initial_option as { value: string } | undefined) ?? null,
          selected_user: (element.initial_user as string | undefined) ?? null,
          selected_date: (element.initial_date as string | undefined) ?? null,
          selected_options: (element.initial_options as { value: string }[] | undefined) ?? [],
        },
      };
    }
    expect(readModalValues(ideaForm, values)).toEqual({
      title: "Explain the card fee",
      details: undefined,
      department: "web",
      owner: "U0DANA",
      due: "2025-03-01",
      anonymous: true,
    });
  });

  it("trims text, and reads empty inputs as undefined and an unticked box as false", () => {
    const values: SlackStateValues = {
      title: { title: { type: "plain_text_input", value: "  Fee  \n" } },
      details: { details: { type: "plain_text_input", value: "   " } },
      department: { department: { type: "static_select", selected_option: null } },
      owner: { owner: { type: "users_select", selected_user: null } },
      anonymous: { anonymous: { type: "checkboxes", selected_options: [] } },
    };
    expect(readModalValues(ideaForm, values)).toEqual({
      title: "Fee",
      details: undefined,
      department: undefined,
      owner: undefined,
      due: undefined,
      anonymous: false,
    });
  });
});

describe("modalErrors", () => {
  it("builds the errors acknowledgement keyed by block id", () => {
    expect(modalErrors({ title: "Give the idea a title." })).toEqual({
      response_action: "errors",
      errors: { title: "Give the idea a title." },
    });
  });
});
