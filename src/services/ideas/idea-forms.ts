import type { Block } from "../../chat/message";
import type { Form } from "../../chat/form";
import { translator, type Locale, textDirection } from "../../i18n";
import { IDEA_LIMITS, type IdeaInput } from "./idea-input";

/** Form actions of ideas; platform listeners register these names. */
export const IDEA_FORMS = {
  submit: "idea.submit",
  approve: "idea.approve",
  reject: "idea.reject",
  ask: "idea.ask",
  reply: "idea.reply",
  merge: "idea.merge",
} as const;

function base(locale: Locale) {
  const tr = translator(locale);
  return { tr, close: tr("ideas.form.cancel"), direction: textDirection(locale) };
}

/** The new-idea form; prefilled from a message when made by the shortcut. */
export function ideaForm(
  locale: Locale,
  departments: readonly { key: string; name: string }[],
  defaults: Partial<IdeaInput> & { departmentKey?: string },
  state?: string,
): Form {
  const { tr, close, direction } = base(locale);
  const intro: Block[] = defaults.sourceMessageUrl
    ? [{ type: "context", text: [`${tr("ideas.form.fromMessage")} `, { link: defaults.sourceMessageUrl, label: tr("ideas.form.fromMessageLink") }] }]
    : [];
  return {
    action: IDEA_FORMS.submit,
    title: tr("ideas.form.newTitle"),
    submit: tr("ideas.form.submit"),
    close,
    direction,
    intro,
    state,
    fields: [
      { id: "title", type: "text", label: tr("ideas.form.title"), hint: tr("ideas.form.titleHint"), maxLength: IDEA_LIMITS.title, initial: defaults.title },
      { id: "problem", type: "text", multiline: true, optional: true, label: tr("ideas.form.problem"), hint: tr("ideas.form.problemHint"), maxLength: IDEA_LIMITS.body, initial: defaults.problem },
      { id: "proposal", type: "text", multiline: true, optional: true, label: tr("ideas.form.proposal"), maxLength: IDEA_LIMITS.body, initial: defaults.proposal },
      {
        id: "department",
        type: "select",
        label: tr("ideas.form.department"),
        options: departments.map((d) => ({ value: d.key, label: d.name })),
        initial: defaults.departmentKey,
      },
      { id: "anonymous", type: "checkbox", optional: true, label: tr("ideas.form.anonymous"), text: tr("ideas.form.anonymousHint"), initial: defaults.anonymous },
    ],
  };
}

export function approveForm(locale: Locale, ideaId: number, state: string, ownerSlackOrTeamsId?: string): Form {
  const { tr, close, direction } = base(locale);
  return {
    action: IDEA_FORMS.approve,
    title: tr("ideas.form.approveTitle", { number: ideaId }),
    submit: tr("ideas.form.approve"),
    close,
    direction,
    state,
    fields: [
      { id: "owner", type: "user", label: tr("ideas.form.owner"), hint: tr("ideas.form.ownerHint"), initial: ownerSlackOrTeamsId },
      { id: "target", type: "date", optional: true, label: tr("ideas.form.target") },
      { id: "note", type: "text", multiline: true, optional: true, label: tr("ideas.form.note"), maxLength: IDEA_LIMITS.note },
    ],
  };
}

/**
 * One text field: a reject reason, a question, an answer. Decision forms carry
 * "<idea id>:<status seen>" as their state, so a decision made meanwhile is noticed.
 */
export function noteForm(locale: Locale, ideaId: number, kind: "reject" | "ask" | "reply", state = String(ideaId)): Form {
  const { tr, close, direction } = base(locale);
  const words = {
    reject: { title: "ideas.form.rejectTitle", submit: "ideas.form.reject", label: "ideas.form.reason", hint: "ideas.form.reasonHint" },
    ask: { title: "ideas.form.askTitle", submit: "ideas.form.ask", label: "ideas.form.question", hint: undefined },
    reply: { title: "ideas.form.replyTitle", submit: "ideas.form.reply", label: "ideas.form.answer", hint: undefined },
  }[kind];
  return {
    action: IDEA_FORMS[kind],
    title: tr(words.title, { number: ideaId }),
    submit: tr(words.submit),
    close,
    direction,
    state,
    fields: [{ id: "note", type: "text", multiline: true, label: tr(words.label), ...(words.hint ? { hint: tr(words.hint) } : {}), maxLength: IDEA_LIMITS.note }],
  };
}

export function mergeForm(locale: Locale, ideaId: number, state: string): Form {
  const { tr, close, direction } = base(locale);
  return {
    action: IDEA_FORMS.merge,
    title: tr("ideas.form.mergeTitle", { number: ideaId }),
    submit: tr("ideas.form.merge"),
    close,
    direction,
    state,
    fields: [{ id: "into", type: "text", label: tr("ideas.form.mergeInto"), hint: tr("ideas.form.mergeHint"), maxLength: 10 }],
  };
}
