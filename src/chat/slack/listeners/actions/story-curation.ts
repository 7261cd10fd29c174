import type { App } from "@slack/bolt";
import { curationOutcomeText, decideStory, type CurationDecision } from "../../../../services/stories/curate-story";
import { STORY_ACTIONS, storyNotice } from "../../../../services/stories/story-messages";
import { clickWithId, ephemeral, onButton, requestKeyOf, type SlackDeps } from "../support";

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
      const text = curationOutcomeText(locale, result, storyId);
      if (!text) return;
      // The curator's own message loses its buttons once the story is decided; a refusal leaves it alone.
      const replace = result.kind === "done" || result.kind === "already" || result.kind === "gone";
      await args.respond(ephemeral(storyNotice(locale, text), replace));
    });
  }
}
