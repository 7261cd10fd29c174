import type { InputBlock, MultiUsersSelect } from "@slack/types";
import type { Form } from "../../src/chat/form";
import { readModalValues, renderModal } from "../../src/chat/slack/modal";
import { readSubmittedValues } from "../../src/chat/conversation/form-values";
import { renderAdaptiveCardForm } from "../../src/chat/teams/adaptive-card-form";
import { parseAdaptiveCard } from "../helpers/adaptive-cards";

/** The `users` field: several people of the workspace, as in the story form's colleagues. */
const storyForm: Form = {
  action: "story.submit",
  title: "Share a story",
  submit: "Share",
  close: "Cancel",
  fields: [
    { id: "text", type: "text", label: "What happened?", multiline: true },
    { id: "colleagues", type: "users", label: "Who made it happen?", optional: true, initial: ["U0DANA", "U0NOA"], maxSelected: 10 },
  ],
};

function slackInput(form: Form, id: string): InputBlock {
  const found = renderModal(form).blocks.find((b): b is InputBlock => b.type === "input" && b.block_id === id);
  if (!found) throw new Error(`no input ${id}`);
  return found;
}

describe("a users field in a Slack modal", () => {
  it("renders a multi_users_select with the people chosen beforehand", () => {
    const input = slackInput(storyForm, "colleagues");
    expect(input.optional).toBe(true);
    expect(input.element).toEqual({
      type: "multi_users_select",
      action_id: "colleagues",
      initial_users: ["U0DANA", "U0NOA"],
      max_selected_items: 10,
    } satisfies MultiUsersSelect);
  });

  it("leaves out an empty initial choice", () => {
    const form: Form = { ...storyForm, fields: [{ id: "colleagues", type: "users", label: "Who?" }] };
    expect(slackInput(form, "colleagues").element).toEqual({ type: "multi_users_select", action_id: "colleagues" });
  });

  it("reads the selected users back, and none as an empty list", () => {
    const values = readModalValues(storyForm, {
      text: { text: { type: "plain_text_input", value: " A story " } },
      colleagues: { colleagues: { type: "multi_users_select", selected_users: ["U0DANA", "U0OMER"] } },
    });
    expect(values).toEqual({ text: "A story", colleagues: ["U0DANA", "U0OMER"] });
    expect(readModalValues(storyForm, {}).colleagues).toEqual([]);
  });
});

describe("a users field in a Teams card", () => {
  it("renders Teams' people picker choosing several people", () => {
    const json = renderAdaptiveCardForm(storyForm);
    const index = json.body.findIndex((e) => "id" in e && e.id === "colleagues");
    expect(json.body[index]).toEqual({
      type: "Input.ChoiceSet",
      id: "colleagues",
      label: "Who made it happen?",
      choices: [],
      "choices.data": { type: "Data.Query", dataset: "graph.microsoft.com/users" },
      isMultiSelect: true,
    });
    // The people picker's data query is a Teams extension the generic parser does not know.
    const accepted = ["An Input.ChoiceSet must have at least one choice defined.", `$.body[${index}].choices.data was dropped by the parser`];
    expect(parseAdaptiveCard(json).filter((p) => !accepted.includes(p))).toEqual([]);
  });

  it("reads the comma-separated ids Teams submits", () => {
    const values = readSubmittedValues(storyForm, { action: "story.submit", text: "x", colleagues: "29:dana, 29:noa" });
    expect(values.colleagues).toEqual(["29:dana", "29:noa"]);
    expect(readSubmittedValues(storyForm, { action: "story.submit", text: "x" }).colleagues).toEqual([]);
  });
});
