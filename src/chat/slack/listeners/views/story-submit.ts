import type { App } from "@slack/bolt";
import { translator } from "../../../../i18n";
import { storyForm, STORY_FORMS } from "../../../../services/stories/story-forms";
import { personalDataErrors, validateStoryForm } from "../../../../services/stories/story-input";
import { namesText, storyNotice } from "../../../../services/stories/story-messages";
import { curatorsOf } from "../../../../services/stories/story-queries";
import { submitStory } from "../../../../services/stories/submit-story";
import { renderBlockKit } from "../../block-kit";
import { modalErrors, readModalValues } from "../../modal";
import { activeDepartments } from "../commands/idea";
import { employeeBySlackId, localeFor, noticeModal, requestKeyOf, unknownUserText, type SlackDeps } from "../support";

/**
 * The story form. Problems, and text that looks like a customer's personal data, are shown
 * in the fields themselves until fixed or confirmed with the tick box. A valid story is
 * acknowledged first (the form says what happens next), then recorded; the server checks
 * personal data again when it records it.
 */
export function registerStorySubmitView(app: App, deps: SlackDeps): void {
  app.view(STORY_FORMS.submit, async ({ ack, body, view, client }) => {
    const employee = await employeeBySlackId(deps, body.user.id);
    const locale = localeFor(deps, employee);
    const tr = translator(locale);
    if (!employee) return void (await ack({ response_action: "update", view: noticeModal(locale, tr("stories.form.title"), storyNotice(locale, unknownUserText(locale))) }));
    const departments = await activeDepartments(deps);
    const values = readModalValues(storyForm(locale, departments), view.state.values);
    const validated = validateStoryForm(
      { ...values, source: view.private_metadata || undefined },
      locale,
      departments.map((d) => d.key),
    );
    if (!validated.ok) return void (await ack(modalErrors(validated.errors)));
    const personalData = personalDataErrors(validated.value, locale);
    if (Object.keys(personalData).length) return void (await ack(modalErrors(personalData)));

    const curated = deps.organisation()?.stories.curation === "curator";
    const curators = curated ? (await curatorsOf(deps.db.prisma, deps.organisation()?.stories.curators ?? [])).map((c) => c.name) : [];
    const next = curated ? tr("stories.sent.curating", { names: namesText(locale, curators) }) : tr("stories.sent.publishing");
    await ack({ response_action: "update", view: noticeModal(locale, tr("stories.sent.title"), storyNotice(locale, next)) });

    const tell = (text: string) => client.chat.postMessage({ channel: body.user.id, ...renderBlockKit(storyNotice(locale, text)) });
    try {
      const result = await submitStory(deps.services, employee, validated.value, { requestKey: requestKeyOf(body), holdPersonalData: false });
      // Only a department removed meanwhile gets here: the form had checked everything else.
      if (result.kind === "invalid") await tell(Object.values(result.errors).join(" "));
    } catch (error) {
      deps.logger.error({ err: error }, "Story form: the story could not be saved");
      await tell(tr("stories.sent.failed"));
    }
  });
}
