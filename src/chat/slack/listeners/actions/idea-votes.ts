import type { App } from "@slack/bolt";
import { translator } from "../../../../i18n";
import { filterFromState, ideaListMessage } from "../../../../services/ideas/idea-list";
import { IDEA_ACTIONS, notice } from "../../../../services/ideas/idea-messages";
import { muteIdeaUpdates, voteOnIdea, voteOutcomeText } from "../../../../services/ideas/vote-idea";
import { buttonValue, clickWithId, employeeBySlackId, ephemeral, localeFor, onButton, requestKeyOf, type SlackDeps } from "../support";

/** Vote buttons: on a card (told privately), in a list (redrawn), or instead of a similar draft. */
export function registerIdeaVoteActions(app: App, deps: SlackDeps): void {
  onButton(app, IDEA_ACTIONS.vote, async (args) => {
    const click = await clickWithId(deps, args);
    if (!click) return;
    const { employee, locale, id: ideaId } = click;
    const result = await voteOnIdea(deps.services, { ideaId, employeeId: employee.id, requestKey: requestKeyOf(args.body) });
    const text = voteOutcomeText(locale, result, ideaId);
    if (text) await args.respond(ephemeral(notice(locale, text)));
  });

  onButton(app, IDEA_ACTIONS.listVote, async ({ ack, body, action, respond }) => {
    await ack();
    const employee = await employeeBySlackId(deps, body.user.id);
    const value = buttonValue(action.value);
    const filter = value && filterFromState(value.parts[1] ?? "");
    if (!employee || !value?.id || !filter) return;
    const locale = localeFor(deps, employee);
    const result = await voteOnIdea(deps.services, { ideaId: value.id, employeeId: employee.id, requestKey: requestKeyOf(body) });
    if (result.kind === "closed" || result.kind === "not-found") {
      return void (await respond(ephemeral(notice(locale, voteOutcomeText(locale, result, value.id) ?? ""))));
    }
    const page = Number(value.parts[2]) || 0;
    await respond(ephemeral(await ideaListMessage(deps.services, employee.id, filter, page, locale), true));
  });

  onButton(app, IDEA_ACTIONS.upvoteSimilar, async ({ ack, body, action, respond }) => {
    await ack();
    const employee = await employeeBySlackId(deps, body.user.id);
    const value = buttonValue(action.value);
    if (!employee || !value?.id || !value.parts[1]) return;
    const locale = localeFor(deps, employee);
    const result = await voteOnIdea(deps.services, {
      ideaId: value.id,
      employeeId: employee.id,
      requestKey: requestKeyOf(body),
      insteadOfDraft: value.parts[1],
    });
    const text = voteOutcomeText(locale, result, value.id);
    if (text) await respond(ephemeral(notice(locale, text), true));
  });

  onButton(app, IDEA_ACTIONS.mute, async ({ ack, body, action, respond }) => {
    await ack();
    const employee = await employeeBySlackId(deps, body.user.id);
    const ideaId = buttonValue(action.value)?.id;
    if (!employee || !ideaId) return;
    const locale = localeFor(deps, employee);
    await muteIdeaUpdates(deps.services, ideaId, employee.id);
    await respond(ephemeral(notice(locale, translator(locale)("ideas.muted", { number: ideaId }))));
  });
}
