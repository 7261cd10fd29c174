import { z } from "zod";
import type { ContactChannel } from "../../generated/prisma/enums";
import { withoutInvisibleFormatting } from "../../domain/text-safety";

/** Largest batch one request may carry. */
export const COMPLAINT_BATCH_MAX = 1000;
/** At most this many problems are listed in a 400 answer. */
const PROBLEMS_SHOWN = 100;

/** One complaint as the sender described it, validated and in storage terms. */
export interface ComplaintInput {
  externalId: string;
  receivedAt: Date;
  channel: ContactChannel;
  category?: string;
  departmentKey?: string;
  /** The raw reference; hash it before it goes anywhere. */
  customer?: string;
  text: string;
  returned: boolean;
  credit?: { amount: string; currency: string };
  legalThreat: boolean;
  churnThreat: boolean;
  retained: boolean;
  reopened: boolean;
}

const CHANNELS = { phone: "PHONE", chat: "CHAT", email: "EMAIL", social: "SOCIAL", store: "STORE", other: "OTHER" } as const;
const CREDIT_MAX = 9_999_999_999.99; // the column is DECIMAL(12, 2)

const required = (what: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? "required" : `expected ${what}`),
});

const text = (what: string, max: number) =>
  z
    .string(required(what))
    .overwrite(withoutInvisibleFormatting)
    .trim()
    .min(1, { error: `expected ${what}, got an empty string` })
    .max(max, { error: `too long (at most ${max} characters)` });

/** Optional fields: absent and null mean the same. */
const optionalText = (max: number) => text("a string", max).nullish();
const flag = z.boolean({ error: "expected true or false" }).nullish();

const credit = z.strictObject({
  amount: z
    .number({ error: "expected a number" })
    .min(0, { error: "must not be negative" })
    .max(CREDIT_MAX, { error: `at most ${CREDIT_MAX}` })
    .refine((n) => Math.round(n * 100) / 100 === n, { error: "at most two decimal places" }),
  currency: z
    .string({ error: "expected a three-letter currency code (ISO 4217) such as ILS" })
    .regex(/^[A-Za-z]{3}$/, { error: "expected a three-letter currency code (ISO 4217) such as ILS" })
    .transform((code) => code.toUpperCase()),
});

const outcomes = z.strictObject({
  returned: flag,
  credit: credit.nullish(),
  legal_threat: flag,
  churn_threat: flag,
  retained: flag,
  reopened: flag,
});

export const complaintSchema = z
  .strictObject({
    id: z
      .string(required("a string"))
      .min(1, { error: "expected a non-empty string" })
      .max(200, { error: "too long (at most 200 characters)" })
      .regex(/\S/, { error: "expected a non-empty string" }),
    text: text("the complaint's text", 10_000),
    received_at: z.iso
      .datetime({ offset: true, error: (issue) => (issue.input === undefined ? "required" : "expected an ISO 8601 date-time with offset") })
      .refine((value) => !Number.isNaN(Date.parse(value)), { error: "expected an ISO 8601 date-time with offset" }),
    channel: z
      .enum(Object.keys(CHANNELS) as (keyof typeof CHANNELS)[], {
        error: `expected one of ${Object.keys(CHANNELS).join(", ")}`,
      })
      .nullish(),
    category: optionalText(200),
    department: optionalText(100),
    customer: optionalText(200),
    outcomes: outcomes.nullish(),
  })
  .transform(
    (c): ComplaintInput => ({
      externalId: c.id,
      receivedAt: new Date(c.received_at),
      channel: c.channel ? CHANNELS[c.channel] : "OTHER",
      category: c.category ?? undefined,
      departmentKey: c.department?.toLowerCase() ?? undefined,
      customer: c.customer ?? undefined,
      text: c.text,
      returned: c.outcomes?.returned ?? false,
      credit: c.outcomes?.credit ? { amount: c.outcomes.credit.amount.toFixed(2), currency: c.outcomes.credit.currency } : undefined,
      legalThreat: c.outcomes?.legal_threat ?? false,
      churnThreat: c.outcomes?.churn_threat ?? false,
      retained: c.outcomes?.retained ?? false,
      reopened: c.outcomes?.reopened ?? false,
    }),
  );

const batchSchema = z.strictObject({
  complaints: z
    .array(complaintSchema, { error: "expected an array of complaints" })
    .min(1, { error: "expected at least one complaint" })
    .max(COMPLAINT_BATCH_MAX, { error: `at most ${COMPLAINT_BATCH_MAX} complaints per request` }),
});

export type ParsedComplaints =
  | { ok: true; complaints: ComplaintInput[]; /** Where each complaint sits in the body, for messages. */ paths: string[] }
  | { ok: false; problems: string[] };

/** `complaints[3].received_at` from zod's path. */
function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), "");
}

/**
 * A request body (already parsed JSON): one complaint, or `{ "complaints": [...] }`. Unknown
 * fields are refused. Problems never quote the values sent, only where they are.
 */
export function parseComplaints(body: unknown): ParsedComplaints {
  const isBatch = typeof body === "object" && body !== null && !Array.isArray(body) && "complaints" in body;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, problems: ['body: expected a JSON object: one complaint, or { "complaints": [ ... ] }'] };
  }
  const result = isBatch ? batchSchema.safeParse(body) : complaintSchema.safeParse(body);
  if (result.success) {
    const complaints = isBatch ? (result.data as z.output<typeof batchSchema>).complaints : [result.data as ComplaintInput];
    return { ok: true, complaints, paths: complaints.map((_, i) => (isBatch ? `complaints[${i}]` : "")) };
  }
  const problems = result.error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => `${pathText([...issue.path, key])}: unknown field`);
    }
    return [`${pathText(issue.path) || "body"}: ${issue.message}`];
  });
  const shown = problems.slice(0, PROBLEMS_SHOWN);
  if (problems.length > PROBLEMS_SHOWN) shown.push(`... and ${problems.length - PROBLEMS_SHOWN} more`);
  return { ok: false, problems: shown };
}
