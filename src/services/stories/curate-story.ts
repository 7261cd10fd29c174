import { translator, type Locale } from "../../i18n";
import { handleOnce, type ServiceDeps, type Tx } from "../deps";
import { notifyPerson } from "../notify";
import { publishStory } from "./publish-story";
import { namesText, storyNotice } from "./story-messages";
import { curatorsOf, isCuratorEmail } from "./story-queries";

export type CurationDecision = "publish" | "decline";

export type CurationResult =
  | { kind: "done"; decision: CurationDecision }
  | { kind: "not-curator"; curators: string[] }
  | { kind: "gone" }
  /** Someone decided first (a second curator, or a double click): nothing changed. */
  | { kind: "already"; status: "PUBLISHED" | "DECLINED" | "OTHER"; by?: string }
  | { kind: "duplicate" };

async function mayCurate(prisma: Tx | ServiceDeps["prisma"], deps: Pick<ServiceDeps, "organisation">, actorId: number): Promise<boolean> {
  const actor = await prisma.employee.findUnique({ where: { id: actorId }, select: { email: true, active: true } });
  return !!actor?.active && isCuratorEmail(deps.organisation()?.stories.curators ?? [], actor.email);
}

async function decided(tx: Tx, storyId: number): Promise<CurationResult> {
  const story = await tx.serviceStory.findUnique({ where: { id: storyId }, select: { status: true, curator: { select: { name: true } } } });
  if (!story || story.status === "DRAFT") return { kind: "gone" };
  const status = story.status === "PUBLISHED" || story.status === "DECLINED" ? story.status : "OTHER";
  return { kind: "already", status, by: story.curator?.name };
}

/**
 * A curator publishes or declines a story waiting for curation. Who may is checked when the
 * button is clicked and again in the transaction; the status changes only where it is still
 * AWAITING_CURATOR, so a double click or a second curator changes nothing and is told who
 * decided. The author hears the outcome by direct message.
 */
export async function decideStory(
  deps: ServiceDeps,
  request: { storyId: number; actorId: number; decision: CurationDecision; requestKey?: string },
): Promise<CurationResult> {
  const { storyId, actorId, decision } = request;
  const refusal = async (): Promise<CurationResult> => ({
    kind: "not-curator",
    curators: (await curatorsOf(deps.prisma, deps.organisation()?.stories.curators ?? [])).map((c) => c.name),
  });
  if (!(await mayCurate(deps.prisma, deps, actorId))) return refusal();

  const result = await handleOnce(
    deps,
    request.requestKey,
    async (tx): Promise<CurationResult> => {
      if (!(await mayCurate(tx, deps, actorId))) return { kind: "not-curator", curators: [] };
      const story = await tx.serviceStory.findUnique({ where: { id: storyId }, select: { status: true } });
      if (!story || story.status === "DRAFT") return { kind: "gone" };
      if (story.status !== "AWAITING_CURATOR") return decided(tx, storyId);
      const changed = await tx.serviceStory.updateMany({
        where: { id: storyId, status: "AWAITING_CURATOR" },
        data: { status: decision === "publish" ? "PUBLISHED" : "DECLINED", curatorId: actorId, publishedAt: decision === "publish" ? new Date() : null },
      });
      if (changed.count === 0) return decided(tx, storyId);
      const row = await tx.serviceStory.findUniqueOrThrow({
        where: { id: storyId },
        select: { author: { select: { id: true, slackUserId: true, teamsUserId: true, locale: true } }, curator: { select: { name: true } } },
      });
      if (decision === "publish") await publishStory(tx, deps, storyId);
      await notifyPerson(tx, deps, row.author, `story:${storyId}:decided`, (locale) => {
        const tr = translator(locale);
        const text =
          decision === "publish"
            ? tr("stories.notify.published", { number: storyId })
            : tr("stories.notify.declined", { number: storyId, name: row.curator?.name ?? "" });
        return storyNotice(locale, text);
      });
      return { kind: "done", decision };
    },
    (r) => r.kind === "done",
  );
  return result.kind === "not-curator" ? refusal() : result;
}

/** What a curator's decision did, in their language; nothing for a retry already answered. */
export function curationOutcomeText(locale: Locale, result: CurationResult, storyId: number): string | undefined {
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
