import { z } from "zod";
import type { Form, FormValues } from "../../chat/form";
import type { ContactChannel } from "../../generated/prisma/enums";
import { t, translator, type Locale, textDirection } from "../../i18n";
import { translatedErrors, type Validated } from "../ideas/idea-input";
import type { ComplaintInput } from "./complaint-input";
import { withoutInvisibleFormatting } from "../../domain/text-safety";

/** Form actions of complaints; platform listeners register these names. */
export const COMPLAINT_FORMS = {
  log: "complaint.log",
} as const;

export const COMPLAINT_LIMITS = { text: 3000, category: 100, customer: 200, currency: 3 } as const;

/** The channel select's values, in the order shown, and what they are stored as. */
export const COMPLAINT_CHANNELS = {
  phone: "PHONE",
  chat: "CHAT",
  email: "EMAIL",
  social: "SOCIAL",
  store: "STORE",
  other: "OTHER",
} as const satisfies Record<string, ContactChannel>;
type ChannelValue = keyof typeof COMPLAINT_CHANNELS;
const CHANNEL_VALUES = Object.keys(COMPLAINT_CHANNELS) as [ChannelValue, ...ChannelValue[]];

/** The department select's "don't know": department keys start with a letter, so it is never one. */
export const DEPARTMENT_UNKNOWN = "_unknown";

/** The outcome tick boxes: field id, where it goes in `ComplaintInput`, and its words. */
const OUTCOMES = [
  { id: "returned", input: "returned", words: "returned" },
  { id: "legal_threat", input: "legalThreat", words: "legalThreat" },
  { id: "churn_threat", input: "churnThreat", words: "churnThreat" },
  { id: "retained", input: "retained", words: "retained" },
  { id: "reopened", input: "reopened", words: "reopened" },
] as const;

/** The currency offered by default: the shekel for a company in Israel; elsewhere the person says. */
export function defaultCurrency(companyTimeZone: string): string | undefined {
  return companyTimeZone === "Asia/Jerusalem" ? "ILS" : undefined;
}

export interface ComplaintFormOptions {
  /** Pre-filled currency (see `defaultCurrency`); without one, a credit needs a currency typed in. */
  currency?: string;
  /** Whether customer references can be kept (as keyed hashes); the hint says so either way. */
  customerHashing: boolean;
}

/** The form a front-line employee fills in to log a complaint a customer made to them. */
export function complaintForm(locale: Locale, departments: readonly { key: string; name: string }[], options: ComplaintFormOptions): Form {
  const tr = translator(locale);
  return {
    action: COMPLAINT_FORMS.log,
    title: tr("complaintForm.title"),
    submit: tr("complaintForm.submit"),
    close: tr("complaintForm.cancel"),
    direction: textDirection(locale),
    intro: [{ type: "context", text: tr("complaintForm.intro") }],
    fields: [
      {
        id: "channel",
        type: "select",
        label: tr("complaintForm.channel"),
        options: CHANNEL_VALUES.map((value) => ({ value, label: tr(`complaintForm.channelOption.${value}`) })),
      },
      {
        id: "category",
        type: "text",
        optional: true,
        label: tr("complaintForm.category"),
        hint: tr("complaintForm.categoryHint"),
        maxLength: COMPLAINT_LIMITS.category,
      },
      {
        id: "department",
        type: "select",
        optional: true,
        label: tr("complaintForm.department"),
        hint: tr("complaintForm.departmentHint"),
        options: [
          { value: DEPARTMENT_UNKNOWN, label: tr("complaintForm.departmentUnknown") },
          ...departments.map((d) => ({ value: d.key, label: d.name })),
        ],
      },
      {
        id: "text",
        type: "text",
        multiline: true,
        label: tr("complaintForm.text"),
        hint: tr("complaintForm.textHint"),
        maxLength: COMPLAINT_LIMITS.text,
      },
      {
        id: "customer",
        type: "text",
        optional: true,
        label: tr("complaintForm.customer"),
        hint: tr(options.customerHashing ? "complaintForm.customerHint" : "complaintForm.customerHintNotStored"),
        maxLength: COMPLAINT_LIMITS.customer,
      },
      ...OUTCOMES.map(({ id, words }) => ({
        id,
        type: "checkbox" as const,
        optional: true,
        label: tr(`complaintForm.outcome.${words}`),
        text: tr(`complaintForm.outcome.${words}Text`),
      })),
      { id: "amount", type: "text", optional: true, label: tr("complaintForm.amount"), hint: tr("complaintForm.amountHint"), maxLength: 20 },
      {
        id: "currency",
        type: "text",
        optional: true,
        label: tr("complaintForm.currency"),
        hint: tr(options.currency ? "complaintForm.currencyHint" : "complaintForm.currencyAsk"),
        maxLength: COMPLAINT_LIMITS.currency,
        initial: options.currency,
      },
    ],
  };
}

// Messages are i18n keys with their values; the caller's locale turns them into words.
const problem = (key: string, values?: Record<string, number>) => JSON.stringify({ key, values });

const tooLong = (max: number) => ({
  error: (issue: { input?: unknown }) => problem("complaintForm.error.tooLong", { max, length: String(issue.input ?? "").trim().length }),
});

const optionalText = (max: number) =>
  z
    .string()
    .overwrite(withoutInvisibleFormatting)
    .trim()
    .max(max, tooLong(max))
    .optional()
    .transform((value) => (value ? value : undefined));

/** Zero or more, at most two decimals, and within the column's DECIMAL(12, 2). */
const AMOUNT = /^(\d{1,10})(?:\.(\d{1,2}))?$/;

const complaintFormSchema = z
  .object({
    channel: z.enum(CHANNEL_VALUES, { error: () => problem("complaintForm.error.channelRequired") }),
    category: optionalText(COMPLAINT_LIMITS.category),
    department: z.string().optional(),
    text: z
      .string({ error: () => problem("complaintForm.error.textRequired") })
      .overwrite(withoutInvisibleFormatting)
      .trim()
      .min(1, { error: () => problem("complaintForm.error.textRequired") })
      .max(COMPLAINT_LIMITS.text, tooLong(COMPLAINT_LIMITS.text)),
    customer: optionalText(COMPLAINT_LIMITS.customer),
    returned: z.boolean(),
    legal_threat: z.boolean(),
    churn_threat: z.boolean(),
    retained: z.boolean(),
    reopened: z.boolean(),
    amount: z
      .string()
      .trim()
      .regex(AMOUNT, { error: () => problem("complaintForm.error.amountInvalid") })
      .transform((value) => {
        // Kept as text ("40.00"): no float ever stands between the form and the DECIMAL column.
        const [, whole = "0", cents = ""] = AMOUNT.exec(value) ?? [];
        return `${BigInt(whole).toString()}.${cents.padEnd(2, "0")}`;
      })
      .optional(),
    currency: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{3}$/, { error: () => problem("complaintForm.error.currencyInvalid") })
      .transform((code) => code.toUpperCase())
      .optional(),
  })
  .superRefine((form, ctx) => {
    if (form.amount !== undefined && form.currency === undefined) {
      ctx.addIssue({ code: "custom", path: ["currency"], message: problem("complaintForm.error.currencyRequired") });
    }
  });

const text = (value: FormValues[string]) => (typeof value === "string" && value.trim() ? value : undefined);

/**
 * The complaint form's values (by field id), validated into what `recordComplaints` stores;
 * problems are shown in the fields, translated. `externalId` names the submission (the same
 * on a platform's retries) and `receivedAt` when it was made.
 */
export function validateComplaintForm(
  values: FormValues,
  locale: Locale,
  departmentKeys: readonly string[],
  origin: { externalId: string; receivedAt: Date },
): Validated<ComplaintInput> {
  const parsed = complaintFormSchema.safeParse({
    channel: values.channel,
    category: text(values.category),
    department: text(values.department),
    text: typeof values.text === "string" ? values.text : "",
    customer: text(values.customer),
    ...Object.fromEntries(OUTCOMES.map(({ id }) => [id, values[id] === true])),
    amount: text(values.amount),
    currency: text(values.currency),
  });
  if (!parsed.success) return { ok: false, errors: translatedErrors(parsed.error, locale) };
  const form = parsed.data;
  const department = form.department === DEPARTMENT_UNKNOWN ? undefined : form.department;
  if (department !== undefined && !departmentKeys.includes(department)) {
    return { ok: false, errors: { department: t(locale, "complaintForm.error.departmentUnknown") } };
  }
  const outcomes = Object.fromEntries(OUTCOMES.map(({ id, input }) => [input, form[id]])) as Pick<ComplaintInput, (typeof OUTCOMES)[number]["input"]>;
  return {
    ok: true,
    value: {
      externalId: origin.externalId,
      receivedAt: origin.receivedAt,
      channel: COMPLAINT_CHANNELS[form.channel],
      category: form.category,
      departmentKey: department,
      customer: form.customer,
      text: form.text,
      ...outcomes,
      credit: form.amount !== undefined && form.currency ? { amount: form.amount, currency: form.currency } : undefined,
    },
  };
}
