import { z } from "zod";
import type { FormErrors, FormValues } from "../../chat/form";
import { t, type Locale } from "../../i18n";
import { withoutInvisibleFormatting } from "../../domain/text-safety";

export const IDEA_LIMITS = { title: 150, body: 3000, note: 1000 } as const;

/** An idea as the proposer wrote it, validated. */
export interface IdeaInput {
  title: string;
  problem?: string;
  proposal?: string;
  departmentKey?: string;
  anonymous: boolean;
  sourceMessageUrl?: string;
}

// Messages are i18n keys with their values; the caller's locale turns them into words.
type Problem = { key: string; values?: Record<string, number> };
const problem = (key: string, values?: Record<string, number>) => JSON.stringify({ key, values } satisfies Problem);

const optionalText = (max: number) =>
  z
    .string()
    .overwrite(withoutInvisibleFormatting)
    .trim()
    .max(max, { error: (issue) => problem("ideas.error.tooLong", { max, length: String(issue.input ?? "").trim().length }) })
    .optional()
    .transform((value) => (value ? value : undefined));

const ideaSchema = z.object({
  title: z
    .string({ error: () => problem("ideas.error.titleRequired") })
    .overwrite(withoutInvisibleFormatting)
    .trim()
    .min(1, { error: () => problem("ideas.error.titleRequired") })
    .max(IDEA_LIMITS.title, {
      error: (issue) => problem("ideas.error.tooLong", { max: IDEA_LIMITS.title, length: String(issue.input ?? "").trim().length }),
    }),
  problem: optionalText(IDEA_LIMITS.body),
  proposal: optionalText(IDEA_LIMITS.body),
  department: z.string().optional(),
  anonymous: z.boolean().default(false),
  source: z.url({ protocol: /^https$/ }).optional(),
});

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

/** Turns zod issues into translated messages keyed by field. */
export function translatedErrors(error: z.ZodError, locale: Locale, fieldOf: (path: string) => string = (p) => p): FormErrors {
  const errors: FormErrors = {};
  for (const issue of error.issues) {
    const field = fieldOf(String(issue.path[0] ?? ""));
    if (errors[field]) continue;
    let parsed: Problem;
    try {
      parsed = JSON.parse(issue.message) as Problem;
    } catch {
      parsed = { key: "ideas.error.textRequired" };
    }
    errors[field] = t(locale, parsed.key, parsed.values);
  }
  return errors;
}

/** The idea form's values (by field id), validated; problems are shown in the fields. */
export function validateIdeaForm(values: FormValues, locale: Locale, departmentKeys: readonly string[]): Validated<IdeaInput> {
  const parsed = ideaSchema.safeParse({
    title: values.title ?? "",
    problem: values.problem,
    proposal: values.proposal,
    department: values.department,
    anonymous: values.anonymous === true,
    source: values.source,
  });
  if (!parsed.success) return { ok: false, errors: translatedErrors(parsed.error, locale) };
  const { department, source, ...rest } = parsed.data;
  if (department !== undefined && !departmentKeys.includes(department)) {
    return { ok: false, errors: { department: t(locale, "ideas.error.departmentUnknown") } };
  }
  return { ok: true, value: { ...rest, departmentKey: department, sourceMessageUrl: source } };
}

/**
 * `/idea <text>`: the first line is the title; a first line too long for a title is cut at a
 * word and the whole text kept as the proposal, so nothing the proposer wrote is lost.
 */
export function ideaFromText(text: string, locale: Locale): Validated<IdeaInput> {
  const trimmed = withoutInvisibleFormatting(text).trim();
  if (trimmed.length > IDEA_LIMITS.body) {
    return { ok: false, errors: { text: t(locale, "ideas.error.tooLong", { max: IDEA_LIMITS.body, length: trimmed.length }) } };
  }
  const [firstLine = "", ...rest] = trimmed.split(/\r?\n/);
  const body = rest.join("\n").trim();
  if (firstLine.length <= IDEA_LIMITS.title) {
    return validateIdeaForm({ title: firstLine, proposal: body || undefined }, locale, []);
  }
  const cut = firstLine.slice(0, IDEA_LIMITS.title - 1);
  const atWord = cut.replace(/\s+\S*$/, "");
  const title = `${atWord.length >= IDEA_LIMITS.title / 2 ? atWord : cut}…`;
  return validateIdeaForm({ title, proposal: trimmed }, locale, []);
}

const noteSchema = (required: boolean) =>
  z
    .string()
    .overwrite(withoutInvisibleFormatting)
    .trim()
    .max(IDEA_LIMITS.note, {
      error: (issue) => problem("ideas.error.tooLong", { max: IDEA_LIMITS.note, length: String(issue.input ?? "").trim().length }),
    })
    .refine((s) => !required || s.length > 0, { error: () => problem("ideas.error.textRequired") });

/** A reason, question, answer or note typed into a decision form. */
export function validateNote(value: FormValues[string], field: string, locale: Locale, required: boolean): Validated<string | undefined> {
  const parsed = noteSchema(required).safeParse(typeof value === "string" ? value : "");
  if (!parsed.success) return { ok: false, errors: translatedErrors(parsed.error, locale, () => field) };
  return { ok: true, value: parsed.data || undefined };
}

/** A YYYY-MM-DD date from today (in the company's zone) on. */
export function validateTargetDate(value: FormValues[string], today: string, locale: Locale): Validated<string | undefined> {
  if (typeof value !== "string" || value === "") return { ok: true, value: undefined };
  const parsed = z.iso.date().safeParse(value);
  if (!parsed.success || parsed.data < today) return { ok: false, errors: { target: t(locale, "ideas.error.datePast") } };
  return { ok: true, value: parsed.data };
}
