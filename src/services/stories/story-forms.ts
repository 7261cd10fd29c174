import type { Form } from "../../chat/form";
import type { Block } from "../../chat/message";
import { translator, type Locale, textDirection } from "../../i18n";
import { STORY_LIMITS } from "./story-input";

/** Form actions of stories; platform listeners register these names. */
export const STORY_FORMS = {
  submit: "story.submit",
} as const;

export interface StoryFormDefaults {
  text?: string;
  /** Platform user ids of the colleagues chosen beforehand (the message's author). */
  colleagues?: string[];
  departmentKey?: string;
  sourceMessageUrl?: string;
}

/**
 * The new-story form; prefilled from a message by the shortcut, whose link back is its state.
 * The personal-data tick box is always there: the server asks for it only when something
 * looking like a customer's personal data is found, and checks again on every submission.
 */
export function storyForm(locale: Locale, departments: readonly { key: string; name: string }[], defaults: StoryFormDefaults = {}): Form {
  const tr = translator(locale);
  const intro: Block[] = [{ type: "context", text: tr("stories.form.intro") }];
  if (defaults.sourceMessageUrl) {
    intro.push({ type: "context", text: [`${tr("stories.form.fromMessage")} `, { link: defaults.sourceMessageUrl, label: tr("stories.form.fromMessageLink") }] });
  }
  return {
    action: STORY_FORMS.submit,
    title: tr("stories.form.title"),
    submit: tr("stories.form.submit"),
    close: tr("stories.form.cancel"),
    direction: textDirection(locale),
    intro,
    state: defaults.sourceMessageUrl,
    fields: [
      { id: "text", type: "text", multiline: true, label: tr("stories.form.text"), hint: tr("stories.form.textHint"), maxLength: STORY_LIMITS.text, initial: defaults.text },
      {
        id: "colleagues",
        type: "users",
        optional: true,
        label: tr("stories.form.colleagues"),
        hint: tr("stories.form.colleaguesHint"),
        maxSelected: STORY_LIMITS.colleagues,
        initial: defaults.colleagues,
      },
      { id: "impact", type: "text", multiline: true, optional: true, label: tr("stories.form.impact"), maxLength: STORY_LIMITS.impact },
      {
        id: "department",
        type: "select",
        optional: true,
        label: tr("stories.form.department"),
        hint: tr("stories.form.departmentHint"),
        options: departments.map((d) => ({ value: d.key, label: d.name })),
        initial: defaults.departmentKey,
      },
      { id: "confirm", type: "checkbox", optional: true, label: tr("stories.form.confirm"), text: tr("stories.form.confirmText"), hint: tr("stories.form.confirmHint") },
    ],
  };
}
