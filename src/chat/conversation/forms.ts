/**
 * Forms where Slack opens a modal: Teams shows the same neutral `Form` as an Adaptive Card
 * with inputs, the web as an HTML form. Its submission comes back as `{ action, state }`
 * merged with the input values; this module validates that envelope, finds the form's
 * handler by action, reads the values and calls the same validation and service as the
 * Slack view listener. Problems are shown on the form again, next to their fields; an
 * outcome replaces the form. The request key makes a retry change nothing.
 */
import { z } from "zod";
import type { Employee } from "../../generated/prisma/client";
import { t } from "../../i18n";
import { requestHandled } from "../../services/deps";
import { notice } from "../../services/ideas/idea-messages";
import type { Field, Form, FormErrors, FormValues } from "../form";
import { type Message, plainWords } from "../message";
import type { ConversationRequest } from "./request";
import { FORM_HANDLERS, type FormOutcome } from "./form-handlers";

/** A form to show: as first opened, or again with the problems found in what was submitted. */
export interface FormCard {
  form: Form;
  errors?: FormErrors;
  /** What was submitted, shown again so that nothing typed is lost. */
  values?: FormValues;
}

/** What the bot answers with: a message, or a form. */
export type Reply = Message | FormCard;

/** An answer to a click or a submission; `replace` asks for the clicked card to be replaced by it. */
export interface Answer {
  message: Reply;
  replace: boolean;
}

export function isFormCard(reply: Reply): reply is FormCard {
  return "form" in reply;
}

/** The words shown in notifications and page titles for a reply. */
export function replySummary(reply: Reply): string {
  return plainWords(isFormCard(reply) ? reply.form.title : reply.summary);
}

/**
 * The form with each problem under its field (in bold, above the field's own hint) and the
 * submitted values filled in again. A problem with no field of its own goes above the fields.
 */
export function formWithProblems({ form, errors = {}, values }: FormCard): Form {
  const fieldIds = new Set(form.fields.map((f) => f.id));
  const loose = Object.entries(errors)
    .filter(([id]) => !fieldIds.has(id))
    .map(([, error]) => error);
  return {
    ...form,
    intro: [...(form.intro ?? []), ...(loose.length ? [{ type: "section" as const, text: { bold: loose.join(" ") } }] : [])],
    fields: form.fields.map((field) => {
      const error = errors[field.id];
      const hinted: Field = error ? { ...field, hint: field.hint ? [{ bold: error }, "\n", ...[field.hint].flat()] : { bold: error } } : field;
      return values ? withValue(hinted, values[field.id]) : hinted;
    }),
  };
}

function withValue(field: Field, value: FormValues[string]): Field {
  switch (field.type) {
    case "checkbox":
      return { ...field, initial: value === true };
    case "users":
      return { ...field, initial: Array.isArray(value) ? value : undefined };
    default:
      return { ...field, initial: typeof value === "string" ? value : undefined };
  }
}

// Inputs come as strings (lists for the web's multiple choice); toggles may come as booleans from other hosts.
const inputValue = z.union([z.string().max(20_000), z.boolean(), z.array(z.string().max(500)).max(100)]);

/** The envelope of a form submission: one of our forms, its state, and input values. */
const submissionSchema = z
  .object({
    action: z.string().refine((action) => Object.hasOwn(FORM_HANDLERS, action)),
    state: z.string().max(3000).optional(),
  })
  .catchall(inputValue);

/**
 * Is this click data a form's submit button rather than a card button? Buttons always carry
 * a `value`; forms never have a field of that name. Some form actions share their name with
 * the button that opens them ("idea.approve"), so the action alone does not tell.
 */
export function isFormSubmission(data: unknown): boolean {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return false;
  const { action } = data as { action?: unknown };
  return typeof action === "string" && Object.hasOwn(FORM_HANDLERS, action) && !Object.hasOwn(data, "value");
}

/** Data not as our form made it: refused without acting on it or echoing it. */
const refused = ({ locale }: ConversationRequest): Answer => ({ message: notice(locale, t(locale, "errors.notAllowed")), replace: false });

/**
 * The answer to a form's submission: the form again with its problems (in place of the one
 * submitted), the outcome in its place, or nothing for a retry already handled.
 */
export async function answerFormSubmission(request: ConversationRequest, employee: Employee, data: unknown): Promise<Answer | undefined> {
  const parsed = submissionSchema.safeParse(data);
  if (!parsed.success) return refused(request);
  const { action, state, ...inputs } = parsed.data;
  if (request.requestKey && (await requestHandled(request.services.prisma, request.requestKey))) return undefined;
  const outcome: FormOutcome = await FORM_HANDLERS[action]!({ request, employee, state: state ?? "" }, inputs);
  switch (outcome.kind) {
    case "problems":
      return { message: { form: outcome.form, errors: outcome.errors, values: outcome.values }, replace: true };
    case "answer":
      return { message: outcome.message, replace: true };
    case "refused":
      return refused(request);
    case "duplicate":
      return undefined;
  }
}
