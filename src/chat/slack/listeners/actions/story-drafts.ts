import type { App } from "@slack/bolt";
import { translator } from "../../../../i18n";
import { STORY_ACTIONS, storyNotice, submittedText } from "../../../../services/stories/story-messages";
import { confirmDraft, discardDraft } from "../../../../services/stories/submit-story";
import { clickWithId, ephemeral, onButton, requestKeyOf, type SlackDeps } from "../support";

/**
 * *Post anyway* and *Discard* under a `/story` held back for personal data. The buttons
 * carry only the story's id; only its author can act, and only while it is a draft.
 */
export function registerStoryDraftActions(app: App, deps: SlackDeps): void {
  onButton(app, STORY_ACTIONS.postAnyway, async (args) => {
    const click = await clickWithId(deps, args);
    if (!click) return;
    const { employee, locale, id } = click;
    const result = await confirmDraft(deps.services, employee.id, id, requestKeyOf(args.body));
    if (result.kind === "duplicate") return;
    const text =
      result.kind === "gone"
        ? translator(locale)("stories.personalData.gone")
        : submittedText(locale, { ...result, curators: result.kind === "awaiting" ? result.curators : [] });
    await args.respond(ephemeral(storyNotice(locale, text), true));
  });

  onButton(app, STORY_ACTIONS.discard, async (args) => {
    const click = await clickWithId(deps, args);
    if (!click) return;
    const { employee, locale, id } = click;
    const discarded = await discardDraft(deps.services, employee.id, id);
    const tr = translator(locale);
    await args.respond(ephemeral(storyNotice(locale, tr(discarded ? "stories.personalData.discarded" : "stories.personalData.gone")), true));
  });
}
