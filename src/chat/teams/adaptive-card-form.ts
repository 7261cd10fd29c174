/**
 * Renders the neutral `Form` as an Adaptive Card (schema 1.5) with inputs for Microsoft
 * Teams, and reads the submitted values back.
 *
 * The title, the intro and the hints are rendered by `renderAdaptiveCard`, so they are
 * escaped, isolated and mentioned exactly as in messages. Input labels, placeholders, choice
 * titles and the submit button take plain words: hosts show them without markdown.
 *
 * Cards have no cancel button, so `form.close` is not shown. On submit Teams sends the
 * action's `data` merged with the input values keyed by input id.
 */
import type { Field, Form } from "../form";
import { type Block, plainWords } from "../message";
import {
  ADAPTIVE_CARD_SCHEMA,
  type CardElementJson,
  type MentionEntityJson,
  renderAdaptiveCard,
} from "./adaptive-card";

interface InputBase {
  id: string;
  label: string;
  isRequired?: true;
  errorMessage?: string;
}

export type InputJson =
  | (InputBase & {
      type: "Input.Text";
      isMultiline?: true;
      maxLength?: number;
      placeholder?: string;
      value?: string;
    })
  | (InputBase & {
      type: "Input.ChoiceSet";
      choices: { title: string; value: string }[];
      "choices.data"?: { type: "Data.Query"; dataset: "graph.microsoft.com/users" };
      isMultiSelect?: true;
      value?: string;
    })
  | (InputBase & { type: "Input.Date"; value?: string })
  | (InputBase & { type: "Input.Toggle"; title: string; wrap: true; value: "true" | "false" });

export interface FormSubmitActionJson {
  type: "Action.Submit";
  title: string;
  style: "positive";
  data: { action: string; state?: string };
}

export interface AdaptiveCardFormJson {
  type: "AdaptiveCard";
  $schema: typeof ADAPTIVE_CARD_SCHEMA;
  version: "1.5";
  rtl?: true;
  body: (CardElementJson | InputJson)[];
  actions: [FormSubmitActionJson];
  msteams?: { entities: MentionEntityJson[] };
}

export interface AdaptiveCardFormOptions {
  /** Shown under a required field left empty; defaults to English or Hebrew by direction. */
  requiredMessage?: string;
}

const DEFAULT_REQUIRED = { ltr: "This field is required.", rtl: "זהו שדה חובה." };
// Submitted input values are merged into the action's data, so these ids would collide.
const RESERVED_IDS = new Set(["action", "state"]);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function renderAdaptiveCardForm(form: Form, options: AdaptiveCardFormOptions = {}): AdaptiveCardFormJson {
  const rtl = form.direction === "rtl";
  const requiredMessage = options.requiredMessage ?? DEFAULT_REQUIRED[rtl ? "rtl" : "ltr"];
  const entities: MentionEntityJson[] = [];
  const rendered = (blocks: Block[]) => {
    const card = renderAdaptiveCard({ summary: "", blocks, direction: form.direction });
    entities.push(...(card.msteams?.entities ?? []));
    return card.body;
  };

  const title: Block = { type: "header", text: form.title };
  const body: AdaptiveCardFormJson["body"] = rendered([title, ...(form.intro ?? [])]);
  for (const field of form.fields) {
    if (RESERVED_IDS.has(field.id)) throw new RangeError(`Form field id "${field.id}" is reserved in Teams`);
    const required = field.optional ? {} : { isRequired: true as const, errorMessage: requiredMessage };
    body.push({ ...input(field), id: field.id, label: plainWords(field.label), ...required });
    // Inputs have no hint property; a small note under the input stands in.
    if (field.hint) body.push(...rendered([{ type: "context", text: field.hint }]));
  }

  return {
    type: "AdaptiveCard",
    $schema: ADAPTIVE_CARD_SCHEMA,
    version: "1.5",
    ...(rtl ? { rtl: true } : {}),
    body,
    actions: [
      {
        type: "Action.Submit",
        title: plainWords(form.submit),
        style: "positive",
        data: { action: form.action, ...(form.state !== undefined ? { state: form.state } : {}) },
      },
    ],
    ...(entities.length > 0 ? { msteams: { entities: uniqueEntities(entities) } } : {}),
  };
}

type InputWithoutBase<T> = T extends InputBase ? Omit<T, keyof InputBase> : never;

// Properties left at their schema defaults (compact choice sets, "true"/"false" toggles,
// single selection) are omitted: the adaptivecards serialiser drops them anyway.
function input(field: Field): InputWithoutBase<InputJson> {
  switch (field.type) {
    case "text":
      return {
        type: "Input.Text",
        ...(field.multiline ? { isMultiline: true as const } : {}),
        ...(field.maxLength !== undefined ? { maxLength: field.maxLength } : {}),
        ...(field.placeholder ? { placeholder: plainWords(field.placeholder) } : {}),
        ...(field.initial ? { value: field.initial } : {}),
      };
    case "select":
      return {
        type: "Input.ChoiceSet",
        choices: field.options.map(({ value, label }) => ({ title: plainWords(label), value })),
        ...(field.initial !== undefined && field.options.some((o) => o.value === field.initial)
          ? { value: field.initial }
          : {}),
      };
    case "user":
      // Teams' people picker searches the organisation's directory and submits the chosen
      // person's Microsoft Entra object id. Preselecting someone needs a choice with their
      // name, which the form does not carry, so `initial` is not shown here.
      return {
        type: "Input.ChoiceSet",
        choices: [],
        "choices.data": { type: "Data.Query", dataset: "graph.microsoft.com/users" },
      };
    case "users":
      // The same people picker, choosing several: Teams submits their ids comma-separated
      // (see `readSubmittedValues`). As for one person, `initial` is not shown.
      return {
        type: "Input.ChoiceSet",
        choices: [],
        "choices.data": { type: "Data.Query", dataset: "graph.microsoft.com/users" },
        isMultiSelect: true,
      };
    case "date":
      return {
        type: "Input.Date",
        ...(field.initial && DATE.test(field.initial) ? { value: field.initial } : {}),
      };
    case "checkbox":
      return {
        type: "Input.Toggle",
        title: plainWords(field.text),
        wrap: true,
        value: field.initial ? "true" : "false",
      };
  }
}

function uniqueEntities(entities: MentionEntityJson[]): MentionEntityJson[] {
  const byKey = new Map(entities.map((e) => [`${e.mentioned.id}\u0000${e.text}`, e]));
  return [...byKey.values()];
}
