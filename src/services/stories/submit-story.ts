import type { FormErrors } from "../../chat/form";
import type { StoryStatus } from "../../generated/prisma/enums";
import type { Prisma } from "../../generated/prisma/client";
import { t } from "../../i18n";
import { handleOnce, localeOf, type ServiceDeps, type Tx } from "../deps";
import { askCurators, publishStory } from "./publish-story";
import { personalDataErrors, storyFindings, type ColleaguePlatform, type StoryInput } from "./story-input";
import { curatorsOf } from "./story-queries";

export interface Author {
  id: number;
  slackUserId: string | null;
  teamsUserId: string | null;
  locale: string | null;
}

export type SubmitStoryResult =
  | { kind: "published"; storyId: number }
  | { kind: "awaiting"; storyId: number; curators: string[] }
  /** Kept as a draft: it seems to hold a customer's personal data, and its author decides. */
  | { kind: "held"; storyId: number; findings: string[] }
  | { kind: "invalid"; errors: FormErrors }
  /** A platform retry of a request already handled: nothing was done again. */
  | { kind: "duplicate" };

export type ConfirmDraftResult = Exclude<SubmitStoryResult, { kind: "held" } | { kind: "invalid" }> | { kind: "gone" };

/** The status a story takes when it is submitted for good: curated or published at once. */
function statusOnSubmit(deps: Pick<ServiceDeps, "organisation">): StoryStatus {
  return deps.organisation()?.stories.curation === "curator" ? "AWAITING_CURATOR" : "PUBLISHED";
}

/** Publishes the story or asks the curators, in the transaction that set its status. */
async function afterSubmit(tx: Tx, deps: ServiceDeps, storyId: number, status: StoryStatus): Promise<SubmitStoryResult> {
  if (status === "PUBLISHED") {
    await publishStory(tx, deps, storyId);
    return { kind: "published", storyId };
  }
  return { kind: "awaiting", storyId, curators: await askCurators(tx, deps, storyId) };
}

/**
 * Records a story. Text that looks like a customer's personal data is checked here, on the
 * server, whatever the form showed: unless the author confirmed it is none, the story is
 * refused (`holdPersonalData: false`, a form that shows the findings) or kept as a draft
 * (`holdPersonalData: true`, a command answered with *Post anyway*). Otherwise it is
 * published, or waits for a curator, in one transaction with its posts and messages.
 */
export async function submitStory(
  deps: ServiceDeps,
  author: Author,
  input: StoryInput,
  options: { requestKey?: string; holdPersonalData: boolean },
): Promise<SubmitStoryResult> {
  const locale = localeOf(deps, author);
  const findings = input.personalDataConfirmed ? [] : storyFindings(input, locale);
  if (findings.length && !options.holdPersonalData) return { kind: "invalid", errors: personalDataErrors(input, locale) };

  const userIds = input.colleagues.userIds;
  const colleagues = userIds.length
    ? await deps.prisma.employee.findMany({
        where: { active: true, ...colleaguesById(input.colleagues.platform, userIds) },
        select: { id: true },
      })
    : [];
  let departmentId: number | null = null;
  if (input.departmentKey) {
    const department = await deps.prisma.department.findFirst({ where: { key: input.departmentKey, active: true }, select: { id: true } });
    if (!department) return { kind: "invalid", errors: { department: t(locale, "stories.error.departmentUnknown") } };
    departmentId = department.id;
  }
  const status: StoryStatus = findings.length ? "DRAFT" : statusOnSubmit(deps);

  return handleOnce(
    deps,
    options.requestKey,
    async (tx): Promise<SubmitStoryResult> => {
      const story = await tx.serviceStory.create({
        data: {
          authorId: author.id,
          text: input.text,
          customerImpact: input.customerImpact ?? null,
          departmentId,
          status,
          sourceMessageUrl: input.sourceMessageUrl ?? null,
          personalDataConfirmed: input.personalDataConfirmed,
          publishedAt: status === "PUBLISHED" ? new Date() : null,
          colleagues: { create: colleagues.map((c) => ({ employeeId: c.id })) },
        },
        select: { id: true },
      });
      if (status === "DRAFT") return { kind: "held", storyId: story.id, findings };
      return afterSubmit(tx, deps, story.id, status);
    },
    (result) => result.kind === "published" || result.kind === "awaiting",
  );
}

/**
 * *Post anyway*: the author confirms that what was found is not a customer's personal data.
 * Only the draft's author can, once: the status is changed only where it is still DRAFT.
 */
export async function confirmDraft(deps: ServiceDeps, authorId: number, storyId: number, requestKey?: string): Promise<ConfirmDraftResult> {
  const status = statusOnSubmit(deps);
  return handleOnce(
    deps,
    requestKey,
    async (tx): Promise<ConfirmDraftResult> => {
      const changed = await tx.serviceStory.updateMany({
        where: { id: storyId, authorId, status: "DRAFT" },
        data: { status, personalDataConfirmed: true, publishedAt: status === "PUBLISHED" ? new Date() : null },
      });
      if (changed.count === 0) {
        // A double click: the first one went through, and the same answer is given again.
        const story = await tx.serviceStory.findFirst({ where: { id: storyId, authorId }, select: { status: true } });
        if (story?.status === "PUBLISHED") return { kind: "published", storyId };
        if (story?.status === "AWAITING_CURATOR") {
          return { kind: "awaiting", storyId, curators: (await curatorsOf(tx, deps.organisation()?.stories.curators ?? [])).map((c) => c.name) };
        }
        return { kind: "gone" };
      }
      return (await afterSubmit(tx, deps, storyId, status)) as ConfirmDraftResult;
    },
    (result) => result.kind === "published" || result.kind === "awaiting",
  );
}

/** *Discard*: the draft goes; nothing was posted. False when it was no longer a draft. */
export async function discardDraft(deps: ServiceDeps, authorId: number, storyId: number): Promise<boolean> {
  const deleted = await deps.prisma.serviceStory.deleteMany({ where: { id: storyId, authorId, status: "DRAFT" } });
  return deleted.count > 0;
}

function colleaguesById(platform: ColleaguePlatform, userIds: string[]): Prisma.EmployeeWhereInput {
  if (platform === "SLACK") return { slackUserId: { in: userIds } };
  if (platform === "TEAMS") return { teamsUserId: { in: userIds } };
  return { id: { in: userIds.filter((id) => /^[1-9]\d{0,9}$/.test(id)).map(Number) } };
}
