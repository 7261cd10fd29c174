import type { Field, Form } from "../../src/chat/form";
import {
  type AdaptiveCardFormJson,
  type InputJson,
  renderAdaptiveCardForm,
} from "../../src/chat/teams/adaptive-card-form";
import { readSubmittedValues } from "../../src/chat/conversation/form-values";
import { parseAdaptiveCard } from "../helpers/adaptive-cards";

const DANA = { teams: { id: "29:dana", name: "Dana Levi" }, name: "Dana Levi" };

const ideaForm: Form = {
  action: "idea.submit",
  title: "Propose an improvement",
  submit: "Send",
  close: "Cancel",
  intro: [{ type: "section", text: ["Ideas go to ", { mention: DANA }, " for approval."] }],
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
    { id: "due", type: "date", label: "Due", optional: true, initial: "2025-03-01" },
    { id: "anonymous", type: "checkbox", label: "Privacy", text: "Hide my name", optional: true, initial: true },
  ],
  state: "idea-17",
};

const ownerField: Field = { id: "owner", type: "user", label: "Owner", optional: true };

/**
 * What the adaptivecards parser reports about Teams' people picker: `choices.data` arrived
 * in schema 1.6 and an empty choice list is invalid elsewhere, but Teams reads both in 1.5
 * cards. Only these findings, at the picker's own path, are accepted.
 */
function peoplePickerFindings(json: AdaptiveCardFormJson): string[] {
  return json.body.flatMap((element, i) =>
    element.type === "Input.ChoiceSet" && "choices.data" in element
      ? ["An Input.ChoiceSet must have at least one choice defined.", `$.body[${i}].choices.data was dropped by the parser`]
      : [],
  );
}

/** Renders and checks with the adaptivecards parser: every card in these tests must be clean. */
function card(form: Form): AdaptiveCardFormJson {
  const json = renderAdaptiveCardForm(form);
  const accepted = peoplePickerFindings(json);
  expect(parseAdaptiveCard(json).filter((p) => !accepted.includes(p))).toEqual([]);
  return json;
}

function inputsOf(json: AdaptiveCardFormJson): InputJson[] {
  return json.body.filter((e): e is InputJson => e.type.startsWith("Input."));
}

function inputById(json: AdaptiveCardFormJson, id: string): InputJson {
  const found = inputsOf(json).find((i) => i.id === id);
  if (!found) throw new Error(`no input ${id}`);
  return found;
}

describe("renderAdaptiveCardForm", () => {
  it("renders the title, the intro, one input per field and one submit action", () => {
    const json = card(ideaForm);
    expect(json).toMatchObject({ type: "AdaptiveCard", version: "1.5" });
    expect(json).not.toHaveProperty("rtl");
    expect(json.body[0]).toMatchObject({ type: "TextBlock", text: "Propose an improvement", style: "heading" });
    expect(json.body[1]).toMatchObject({ type: "TextBlock", text: "Ideas go to <at>Dana Levi</at> for approval." });
    expect(json.msteams?.entities).toEqual([
      { type: "mention", text: "<at>Dana Levi</at>", mentioned: { id: "29:dana", name: "Dana Levi" } },
    ]);
    expect(inputsOf(json).map((i) => [i.type, i.id])).toEqual([
      ["Input.Text", "title"],
      ["Input.Text", "details"],
      ["Input.ChoiceSet", "department"],
      ["Input.Date", "due"],
      ["Input.Toggle", "anonymous"],
    ]);
    expect(json.actions).toEqual([
      { type: "Action.Submit", title: "Send", style: "positive", data: { action: "idea.submit", state: "idea-17" } },
    ]);
  });

  it("renders each field type with its initial value, and required fields with an error message", () => {
    const json = card(ideaForm);
    expect(inputById(json, "title")).toEqual({
      type: "Input.Text",
      id: "title",
      label: "Title",
      maxLength: 150,
      placeholder: "In a few words",
      value: "Explain the card fee",
      isRequired: true,
      errorMessage: "This field is required.",
    });
    expect(inputById(json, "details")).toEqual({ type: "Input.Text", id: "details", label: "Details", isMultiline: true });
    expect(inputById(json, "department")).toMatchObject({
      choices: [
        { title: "Billing", value: "billing" },
        { title: "Website", value: "web" },
      ],
      value: "web",
      isRequired: true,
    });
    expect(inputById(json, "due")).toEqual({ type: "Input.Date", id: "due", label: "Due", value: "2025-03-01" });
    expect(inputById(json, "anonymous")).toEqual({
      type: "Input.Toggle",
      id: "anonymous",
      label: "Privacy",
      title: "Hide my name",
      wrap: true,
      value: "true",
    });
    // The hint follows its input as a small note.
    const details = json.body.findIndex((e) => "id" in e && e.id === "details");
    expect(json.body[details + 1]).toMatchObject({ type: "TextBlock", text: "What would change, and for whom?", isSubtle: true });
  });

  it("renders a user field as Teams' people picker", () => {
    const json = card({ ...ideaForm, fields: [ownerField] });
    expect(inputById(json, "owner")).toEqual({
      type: "Input.ChoiceSet",
      id: "owner",
      label: "Owner",
      choices: [],
      "choices.data": { type: "Data.Query", dataset: "graph.microsoft.com/users" },
    });
  });

  it("parses cleanly with right-to-left text, no intro, no state and unticked boxes", () => {
    const json = card({
      ...ideaForm,
      title: "הצעה לשיפור",
      intro: undefined,
      state: undefined,
      direction: "rtl",
      fields: [{ id: "c", type: "checkbox", label: "פרטיות", text: "הסתר את שמי" }],
    });
    expect(json.rtl).toBe(true);
    expect(json.actions[0].data).toEqual({ action: "idea.submit" });
    expect(inputById(json, "c")).toMatchObject({ value: "false", errorMessage: "זהו שדה חובה." });
  });

  it("escapes user text in the intro and hints, and shows labels as plain words", () => {
    const json = card(
      {
        ...ideaForm,
        intro: [{ type: "section", text: "<at>Boss</at> [bank](https://evil)" }],
        fields: [{ id: "t", type: "text", label: ["Title ", { bold: "now" }], hint: "*urgent*" }],
      },
    );
    expect(json.body[1]).toMatchObject({ text: "\\<at>Boss\\</at> \\[bank\\](https://evil)" });
    expect(json.msteams).toBeUndefined();
    expect(inputById(json, "t").label).toBe("Title now");
    expect(json.body[3]).toMatchObject({ text: "\\*urgent\\*" });
  });

  it("refuses field ids that would collide with the submit data", () => {
    expect(() => renderAdaptiveCardForm({ ...ideaForm, fields: [{ id: "action", type: "date", label: "D" }] })).toThrow(
      RangeError,
    );
  });
});

describe("readSubmittedValues", () => {
  const form: Form = { ...ideaForm, fields: [...ideaForm.fields, ownerField] };

  it("reads back what Teams submits, with the action data merged in", () => {
    const submitted = {
      action: "idea.submit",
      state: "idea-17",
      title: "  Explain the card fee ",
      details: "",
      department: "web",
      due: "2025-03-01",
      anonymous: "true",
      owner: "5b1c3f0e-aaaa-bbbb-cccc-0123456789ab",
    };
    expect(readSubmittedValues(form, submitted)).toEqual({
      title: "Explain the card fee",
      details: undefined,
      department: "web",
      due: "2025-03-01",
      anonymous: true,
      owner: "5b1c3f0e-aaaa-bbbb-cccc-0123456789ab",
    });
  });

  it("reads missing inputs as undefined and an unticked box as false", () => {
    expect(readSubmittedValues(form, { action: "idea.submit", anonymous: "false" })).toEqual({
      title: undefined,
      details: undefined,
      department: undefined,
      due: undefined,
      anonymous: false,
      owner: undefined,
    });
  });

  it("round-trips the initial values of a rendered card", () => {
    const json = card(ideaForm);
    const submitted: Record<string, unknown> = { ...json.actions[0].data };
    for (const input of inputsOf(json)) submitted[input.id] = "value" in input ? input.value : "";
    expect(readSubmittedValues(ideaForm, submitted)).toEqual({
      title: "Explain the card fee",
      details: undefined,
      department: "web",
      due: "2025-03-01",
      anonymous: true,
    });
  });
});
