/**
 * The platform-neutral description of a form the bot asks someone to fill in: a Slack
 * modal, or an Adaptive Card with inputs in Teams. Services build these; platform code
 * renders them and hands the submitted values back keyed by field id.
 */
import type { Block, Text } from "./message";

export interface FieldBase {
  /** Stable identifier; submitted values and validation errors are keyed by it. */
  id: string;
  label: Text;
  hint?: Text;
  optional?: boolean;
}

export type Field =
  | (FieldBase & {
      type: "text";
      multiline?: boolean;
      maxLength?: number;
      placeholder?: Text;
      initial?: string;
    })
  | (FieldBase & {
      type: "select";
      options: { value: string; label: Text }[];
      initial?: string;
    })
  /** One person of the workspace: their platform user id is submitted. */
  | (FieldBase & { type: "user"; initial?: string })
  /** Any number of people of the workspace: their platform user ids are submitted, in order. */
  | (FieldBase & { type: "users"; initial?: string[]; maxSelected?: number })
  /** A calendar date, submitted as YYYY-MM-DD. */
  | (FieldBase & { type: "date"; initial?: string })
  /** One tick box: submitted as true or false. */
  | (FieldBase & { type: "checkbox"; text: Text; initial?: boolean });

export interface Form {
  /** Stable identifier of what the form does, e.g. "idea.submit". */
  action: string;
  title: Text;
  submit: Text;
  close: Text;
  /** Read-only content shown above the fields. */
  intro?: Block[];
  fields: Field[];
  /**
   * Opaque state handed back on submission (an idea id...). Platforms cap it (Slack: 3000
   * characters), so it holds identifiers, never user text.
   */
  state?: string;
  direction?: "ltr" | "rtl";
}

/** What a submitted form carries, by field id: text, a user id, a date, a tick, or user ids. */
export type FormValues = Record<string, string | boolean | string[] | undefined>;

/** Field-level problems to show next to the fields, by field id, already translated. */
export type FormErrors = Record<string, string>;
