import type { App } from "@slack/bolt";
import { translator } from "../../../../i18n";
import { decideStory, type CurationDecision, type CurationResult } from "../../../../services/stories/curate-story";
import { namesText, STORY_ACTIONS, storyNotice } from "../../../../services/stories/story-messages";
import type { Locale } from "../../../../i18n";
import { clickWithId, ephemeral, onButton, requestKeyOf, type SlackDeps } from "../support";

function outcomeText(locale: Locale, result: CurationResult, storyId: number): string | undefined {
  const tr = translator(locale);
  switch (result.kind) {
    case "done":
      return tr(result.decision === "publish" ? "stories.curation.published" : "stories.curation.declined", { number: storyId });
    case "not-curator":
      return tr("stories.curation.notCurator", { names: namesText(locale, result.curators) });
    case "gone":
      return tr("stories.curation.gone", { number: storyId });
    case "already": {
      const name = result.by ?? tr("stories.curation.nobody");
      if (result.status === "PUBLISHED") return tr("stories.curation.alreadyPublished", { number: storyId, name });
      if (result.status === "DECLINED") return tr("stories.curation.alreadyDeclined", { number: storyId, name });
      return tr("stories.curation.notWaiting", { number: storyId });
    }
    case "duplicate":
      return undefined;
  }
}

/**
 * *Publish* and *Decline* in a curator's direct message. The decision replaces the buttons;
 * anyone else, and a curator who comes second, is told privately and nothing changes.
 */
export function registerStoryCurationActions(app: App, deps: SlackDeps): void {
  const decisions: [string, CurationDecision][] = [
    [STORY_ACTIONS.publish, "publish"],
    [STORY_ACTIONS.decline, "decline"],
  ];
  for (const [action, decision] of decisions) {
    onButton(app, action, async (args) => {
      const click = await clickWithId(deps, args);
      if (!click) return;
      const { employee, locale, id: storyId } = click;
      const result = await decideStory(deps.services, { storyId, actorId: employee.id, decision, requestKey: requestKeyOf(args.body) });
      const text = outcomeText(locale, result, storyId);
      if (!text) return;
      // The curator's own message loses its buttons once the story is decided; a refusal leaves it alone.
      const replace = result.kind === "done" || result.kind === "already" || result.kind === "gone";
      await args.respond(ephemeral(storyNotice(locale, text), replace));
    });
  }
}
