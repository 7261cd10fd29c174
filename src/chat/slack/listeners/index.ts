import type { App } from "@slack/bolt";
import { requestHandled } from "../../../services/deps";
import { registerIdeaDecisionActions } from "./actions/idea-decisions";
import { registerIdeaDraftActions } from "./actions/idea-drafts";
import { registerIdeaPageActions } from "./actions/idea-pages";
import { registerIdeaReplyAction } from "./actions/idea-reply";
import { registerIdeaVoteActions } from "./actions/idea-votes";
import { registerRotationSwapActions } from "./actions/rotation-swaps";
import { registerComplaintMoveActions } from "./actions/complaint-moves";
import { registerDigestCommand } from "./commands/digest";
import { registerReportCommand } from "./commands/report";
import { registerComplaintMoveView } from "./views/complaint-move";
import { registerComplaintCommand } from "./commands/complaint";
import { registerIdeaCommand } from "./commands/idea";
import { registerIdeasCommand } from "./commands/ideas";
import { registerRotationCommand } from "./commands/rotation";
import { registerAppHomeOpened } from "./events/app-home-opened";
import { registerIdeaFromMessage } from "./shortcuts/idea-from-message";
import { requestKeyOf, type SlackDeps } from "./support";
import { registerComplaintSubmitView } from "./views/complaint-submit";
import { registerIdeaDecisionViews } from "./views/idea-decisions";
import { registerIdeaSubmitView } from "./views/idea-submit";
import { registerRotationSwapView } from "./views/rotation-swap";
import { registerStoryCommand } from "./commands/story";
import { registerStorySubmitView } from "./views/story-submit";
import { registerStoryCurationActions } from "./actions/story-curation";
import { registerStoryDraftActions } from "./actions/story-drafts";
import { registerStoryFromMessage } from "./shortcuts/story-from-message";
import { registerStoryReactions } from "./events/reactions";
import { registerReportSubscriptionActions } from "./actions/report-subscription";

export type { SlackDeps } from "./support";

export function registerListeners(app: App, deps: SlackDeps): void {
  // A retry (X-Slack-Retry-Num) of a request whose work was recorded is acknowledged and
  // dropped; the work itself also claims the request key in its own transaction.
  app.use(async (args) => {
    const key = requestKeyOf(args.body);
    if (args.context.retryNum && key && (await requestHandled(deps.db.prisma, key))) {
      if ("ack" in args && typeof args.ack === "function") await (args.ack as () => Promise<void>)();
      deps.logger.info({ key, retry: args.context.retryNum }, "Slack retry of a handled request ignored");
      return;
    }
    await args.next();
  });
  registerAppHomeOpened(app, deps);
  registerIdeaCommand(app, deps);
  registerIdeasCommand(app, deps);
  registerIdeaFromMessage(app, deps);
  registerIdeaSubmitView(app, deps);
  registerIdeaDecisionViews(app, deps);
  registerIdeaDecisionActions(app, deps);
  registerIdeaVoteActions(app, deps);
  registerIdeaDraftActions(app, deps);
  registerIdeaReplyAction(app, deps);
  registerIdeaPageActions(app, deps);
  registerRotationCommand(app, deps);
  registerRotationSwapActions(app, deps);
  registerRotationSwapView(app, deps);
  registerDigestCommand(app, deps);
  registerReportSubscriptionActions(app, deps);
  registerReportCommand(app, deps);
  registerComplaintMoveActions(app, deps);
  registerComplaintMoveView(app, deps);
  registerComplaintCommand(app, deps);
  registerComplaintSubmitView(app, deps);
  registerStoryReactions(app, deps);
  registerStoryCommand(app, deps);
  registerStorySubmitView(app, deps);
  registerStoryCurationActions(app, deps);
  registerStoryDraftActions(app, deps);
  registerStoryFromMessage(app, deps);
}
