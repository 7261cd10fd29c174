import { z } from "zod";
import type { FormErrors, FormValues } from "../../chat/form";
import { findPersonalData, type PersonalDataKind } from "../../domain/personal-data";
import { t, type Locale } from "../../i18n";
import { translatedErrors, type Validated } from "../ideas/idea-input";
import { withoutInvisibleFormatting } from "../../domain/text-safety";

export const STORY_LIMITS = { text: 3000, impact: 1000, colleagues: 20 } as const;

/** How colleagues were chosen: by Slack or Teams user id, or by employee number on the web. */
export type ColleaguePlatform = "SLACK" | "TEAMS" | "WEB";

/** A story as its author wrote it, validated. Colleagues are platform user ids. */
export interface StoryInput {
  text: string;
  customerImpact?: string;
  departmentKey?: string;
  colleagues: { platform: ColleaguePlatform; userIds: string[] };
  sourceMessageUrl?: string;
  /** The author ticked "this is not a customer's personal data". */
  personalDataConfirmed: boolean;
}

// Messages are i18n keys with their values, as in idea-input: the caller's locale words them.
const problem = (key: string, values?: Record<string, number>) => JSON.stringify({ key, values });
const tooLong = (max: number) => (issue: { input?: unknown }) =>
  problem("stories.error.tooLong", { max, length: String(issue.input ?? "").trim().length });

const PLATFORM_USER_ID = /^[A-Za-z0-9:_\-.]{1,200}$/;

const storySchema = z.object({
  text: z
    .string({ error: () => problem("stories.error.textRequired") })
    .overwrite(withoutInvisibleFormatting)
    .trim()
    .min(1, { error: () => problem("stories.error.textRequired") })
    .max(STORY_LIMITS.text, { error: tooLong(STORY_LIMITS.text) }),
  impact: z
    .string()
    .overwrite(withoutInvisibleFormatting)
    .trim()
    .max(STORY_LIMITS.impact, { error: tooLong(STORY_LIMITS.impact) })
    .optional()
    .transform((value) => value || undefined),
  department: z.string().max(100).optional(),
  colleagues: z
    .array(z.string().regex(PLATFORM_USER_ID))
    .max(STORY_LIMITS.colleagues, { error: () => problem("stories.error.tooManyColleagues", { max: STORY_LIMITS.colleagues }) })
    .default([]),
  confirm: z.boolean().default(false),
  source: z.url({ protocol: /^https$/ }).max(500).optional(),
});

/**
 * The story form's values (by field id), validated; problems are shown in the fields. The
 * personal-data check is separate (`personalDataErrors`), so the server runs it on every path.
 */
export function validateStoryForm(
  values: FormValues,
  locale: Locale,
  departmentKeys: readonly string[],
  platform: ColleaguePlatform = "SLACK",
): Validated<StoryInput> {
  const parsed = storySchema.safeParse({
    text: typeof values.text === "string" ? values.text : "",
    impact: typeof values.impact === "string" ? values.impact : undefined,
    department: typeof values.department === "string" ? values.department : undefined,
    colleagues: Array.isArray(values.colleagues) ? values.colleagues : [],
    confirm: values.confirm === true,
    source: typeof values.source === "string" && values.source ? values.source : undefined,
  });
  if (!parsed.success) {
    return { ok: false, errors: translatedErrors(parsed.error, locale, (field) => (field === "source" ? "text" : field)) };
  }
  const { text, impact, department, colleagues, confirm, source } = parsed.data;
  if (department !== undefined && !departmentKeys.includes(department)) {
    return { ok: false, errors: { department: t(locale, "stories.error.departmentUnknown") } };
  }
  return {
    ok: true,
    value: {
      text,
      customerImpact: impact,
      departmentKey: department,
      colleagues: { platform, userIds: [...new Set(colleagues)] },
      sourceMessageUrl: source,
      personalDataConfirmed: confirm,
    },
  };
}

// Slack writes people as <@U123> or <@U123|name>, channels as <#C123|name> (should_escape).
const SLACK_USER_MENTION = /<@([UW][A-Z0-9]{2,})(?:\|([^>]*))?>/g;
const SLACK_CHANNEL_REFERENCE = /<#(C[A-Z0-9]{2,})(?:\|([^>]*))?>/g;

/** The Slack user ids mentioned in a command's text, in order, once each. */
export function slackMentionsIn(text: string): string[] {
  return [...new Set([...text.matchAll(SLACK_USER_MENTION)].map((m) => m[1]!))];
}

/**
 * A command's text as people read it: mentions become "@Name" (the name we know, else the
 * one Slack sent), channel references "#name". The result is stored and later escaped like
 * any user text, so nothing in it can mention or notify anyone.
 */
export function readableSlackText(text: string, nameOf: (userId: string) => string | undefined): string {
  return text
    .replace(SLACK_USER_MENTION, (_all, id: string, given?: string) => `@${nameOf(id) ?? (given || id)}`)
    .replace(SLACK_CHANNEL_REFERENCE, (_all, id: string, given?: string) => `#${given || id}`);
}

/** One piece of personal data, masked enough to be recognised without being repeated. */
export function maskPersonalData(kind: PersonalDataKind, found: string): string {
  if (kind === "email") {
    const at = found.lastIndexOf("@");
    return `${found.slice(0, 1)}…${found.slice(at)}`;
  }
  const digits = found.replace(/\D/g, "");
  return kind === "card" ? `…${digits.slice(-4)}` : `…${digits.slice(-2)}`;
}

const KIND_WORDS: Record<PersonalDataKind, string> = {
  email: "stories.found.email",
  phone: "stories.found.phone",
  "israeli-id": "stories.found.israeliId",
  card: "stories.found.card",
};

/** What looks like a customer's personal data in `text`, described and masked; empty when nothing. */
export function personalDataFindings(text: string | undefined, locale: Locale): string[] {
  if (!text) return [];
  return findPersonalData(text).map((span) =>
    t(locale, KIND_WORDS[span.kind], { masked: maskPersonalData(span.kind, text.slice(span.start, span.end)) }),
  );
}

/**
 * The form's errors for personal data, unless the author confirmed it is none: each field
 * says what was found in it, and the tick box asks to be ticked. Empty when all is well.
 */
export function personalDataErrors(input: Pick<StoryInput, "text" | "customerImpact" | "personalDataConfirmed">, locale: Locale): FormErrors {
  if (input.personalDataConfirmed) return {};
  const errors: FormErrors = {};
  for (const [field, text] of [
    ["text", input.text],
    ["impact", input.customerImpact],
  ] as const) {
    const found = personalDataFindings(text, locale);
    if (found.length) errors[field] = t(locale, "stories.error.personalData", { found: found.join(", ") });
  }
  if (Object.keys(errors).length) errors.confirm = t(locale, "stories.error.confirmNeeded");
  return errors;
}

/** Everything found in a story, for a reply outside a form. */
export function storyFindings(input: Pick<StoryInput, "text" | "customerImpact">, locale: Locale): string[] {
  return [...personalDataFindings(input.text, locale), ...personalDataFindings(input.customerImpact, locale)];
}
