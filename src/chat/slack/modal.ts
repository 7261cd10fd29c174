/**
 * Renders the neutral `Form` as a Slack modal, reads its submitted values back, and builds
 * the acknowledgement that shows validation errors next to the fields.
 *
 * Labels, hints, placeholders and option texts are plain_text objects built by the Block
 * Kit renderer, so user-written text never becomes a mention or a link there. As with
 * messages, Slack rejects a whole view when one limit is exceeded, so texts are cut here;
 * identifiers and state are handed back to the bot and are never cut: an oversized one is
 * a bug to surface.
 */
import type {
  Checkboxes,
  Datepicker,
  InputBlock,
  KnownBlock,
  ModalView,
  MultiUsersSelect,
  PlainTextElement,
  PlainTextInput,
  PlainTextOption,
  StaticSelect,
  UsersSelect,
} from "@slack/types";
import { truncate } from "../../domain/text-safety";
import type { Field, Form, FormErrors, FormValues } from "../form";
import type { Text } from "../message";
import { plainElement, plainString, renderBlockKit, SLACK_LIMITS } from "./block-kit";

/** Modal limits (docs.slack.dev, Block Kit reference), in UTF-16 code units. */
export const SLACK_MODAL_LIMITS = {
  title: 24,
  submit: 24,
  close: 24,
  blocks: 100,
  privateMetadata: 3000,
  callbackId: 255,
  blockId: 255,
  label: 2000,
  hint: 2000,
  placeholder: 150,
  /** `max_length` of a plain_text_input. */
  inputText: 3000,
  optionsPerSelect: 100,
  optionText: 75,
  optionValue: 150,
} as const;

/** The value a checkbox field's single option submits when ticked. */
const CHECKED = "yes";
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** One entry of `view.state.values[blockId][actionId]`, as in Bolt's `ViewStateValue`. */
export interface SlackStateValue {
  type: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_user?: string | null;
  selected_users?: string[] | null;
  selected_date?: string | null;
  selected_options?: { value: string }[];
}

export type SlackStateValues = Record<string, Record<string, SlackStateValue>>;

export function renderModal(form: Form): ModalView {
  const rtl = form.direction === "rtl";
  const plain = (text: Text, max: number) => plainElement(plainString(text, max, rtl));
  const state = form.state ?? "";
  requireWithin("callback_id", form.action, SLACK_MODAL_LIMITS.callbackId);
  requireWithin("private_metadata", state, SLACK_MODAL_LIMITS.privateMetadata);

  const intro = form.intro?.length
    ? renderBlockKit({ summary: "", blocks: form.intro, direction: form.direction }).blocks
    : [];
  // The intro is already capped per message; the fields themselves must all be shown.
  if (intro.length + form.fields.length > SLACK_MODAL_LIMITS.blocks) {
    throw new RangeError(`Slack modal with more than ${SLACK_MODAL_LIMITS.blocks} blocks: ${form.action}`);
  }
  const blocks: KnownBlock[] = [...intro, ...form.fields.map((field) => inputBlock(field, plain))];
  return {
    type: "modal",
    callback_id: form.action,
    private_metadata: state,
    title: plain(form.title, SLACK_MODAL_LIMITS.title),
    submit: plain(form.submit, SLACK_MODAL_LIMITS.submit),
    close: plain(form.close, SLACK_MODAL_LIMITS.close),
    blocks,
  };
}

type Plain = (text: Text, max: number) => PlainTextElement;

function inputBlock(field: Field, plain: Plain): InputBlock {
  requireWithin("block_id", field.id, SLACK_MODAL_LIMITS.blockId);
  requireWithin("action_id", field.id, SLACK_LIMITS.actionId);
  return {
    type: "input",
    block_id: field.id,
    label: plain(field.label, SLACK_MODAL_LIMITS.label),
    ...(field.hint ? { hint: plain(field.hint, SLACK_MODAL_LIMITS.hint) } : {}),
    optional: field.optional ?? false,
    element: inputElement(field, plain),
  };
}

function inputElement(field: Field, plain: Plain): InputBlock["element"] {
  const action_id = field.id;
  switch (field.type) {
    case "text": {
      const maxLength = Math.min(field.maxLength ?? SLACK_MODAL_LIMITS.inputText, SLACK_MODAL_LIMITS.inputText);
      return {
        type: "plain_text_input",
        action_id,
        multiline: field.multiline ?? false,
        max_length: maxLength,
        ...(field.placeholder ? { placeholder: plain(field.placeholder, SLACK_MODAL_LIMITS.placeholder) } : {}),
        // Slack refuses a view whose initial value is longer than the field allows.
        ...(field.initial ? { initial_value: truncate(field.initial, maxLength) } : {}),
      } satisfies PlainTextInput;
    }
    case "select": {
      if (field.options.length > SLACK_MODAL_LIMITS.optionsPerSelect) {
        const max = SLACK_MODAL_LIMITS.optionsPerSelect;
        throw new RangeError(`Slack select with more than ${max} options: ${field.id}`);
      }
      const options = field.options.map(({ value, label }): PlainTextOption => {
        requireWithin("option value", value, SLACK_MODAL_LIMITS.optionValue);
        return { text: plain(label, SLACK_MODAL_LIMITS.optionText), value };
      });
      // Slack requires the initial option to be identical to one of the options.
      const initial = options.find((o) => o.value === field.initial);
      return {
        type: "static_select",
        action_id,
        options,
        ...(initial ? { initial_option: initial } : {}),
      } satisfies StaticSelect;
    }
    case "user":
      return {
        type: "users_select",
        action_id,
        ...(field.initial ? { initial_user: field.initial } : {}),
      } satisfies UsersSelect;
    case "users":
      return {
        type: "multi_users_select",
        action_id,
        ...(field.initial?.length ? { initial_users: field.initial } : {}),
        ...(field.maxSelected ? { max_selected_items: field.maxSelected } : {}),
      } satisfies MultiUsersSelect;
    case "date":
      return {
        type: "datepicker",
        action_id,
        ...(field.initial && DATE.test(field.initial) ? { initial_date: field.initial } : {}),
      } satisfies Datepicker;
    case "checkbox": {
      const option: PlainTextOption = { text: plain(field.text, SLACK_MODAL_LIMITS.optionText), value: CHECKED };
      return {
        type: "checkboxes",
        action_id,
        options: [option],
        ...(field.initial ? { initial_options: [option] } : {}),
      } satisfies Checkboxes;
    }
  }
}

/** The submitted values of `form`, from `view.state.values` of a view_submission. */
export function readModalValues(form: Form, stateValues: SlackStateValues): FormValues {
  const values: FormValues = {};
  for (const field of form.fields) {
    const state = stateValues[field.id]?.[field.id];
    values[field.id] = readField(field, state);
  }
  return values;
}

function readField(field: Field, state: SlackStateValue | undefined): FormValues[string] {
  switch (field.type) {
    case "text":
      return state?.value?.trim() || undefined;
    case "select":
      return state?.selected_option?.value ?? undefined;
    case "user":
      return state?.selected_user ?? undefined;
    case "users":
      return state?.selected_users ?? [];
    case "date":
      return state?.selected_date ?? undefined;
    case "checkbox":
      return (state?.selected_options ?? []).some((o) => o.value === CHECKED);
  }
}

/** The view_submission acknowledgement that shows `errors` next to their fields. */
export function modalErrors(errors: FormErrors): { response_action: "errors"; errors: Record<string, string> } {
  return { response_action: "errors", errors: { ...errors } };
}

function requireWithin(what: string, value: string, max: number): void {
  if (value.length > max) {
    throw new RangeError(`Slack ${what} longer than ${max} characters: ${value.slice(0, 40)}`);
  }
}
