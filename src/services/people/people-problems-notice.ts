/**
 * What a nightly sync could not merge (a conflict with the file, a person without an email or
 * a department) is told to the organisation's admins in a direct message, since nobody reads
 * the log of a job that ran at four in the morning. Told once per sync run.
 */
import type { Message } from "../../chat/message";
import { textDirection, translator } from "../../i18n";
import type { ServiceDeps } from "../deps";
import { personMessages } from "../notify";
import { enqueue } from "../outbox";
import type { DirectorySource } from "./sync-people";

/** A direct message stays readable; the dry run lists the rest. */
const LISTED = 20;

function problemsMessage(locale: Parameters<typeof translator>[0], label: string, source: DirectorySource, problems: readonly string[]): Message {
  const tr = translator(locale);
  const header = tr("people.syncProblems", { source: label, count: problems.length });
  const lines = problems.slice(0, LISTED).flatMap((problem, i) => [...(i > 0 ? ["\n"] : []), "• ", problem]);
  const more = problems.length > LISTED ? [{ type: "context" as const, text: tr("people.moreProblems", { count: problems.length - LISTED, command: source }) }] : [];
  return { summary: header, blocks: [{ type: "section", text: header }, { type: "section", text: lines }, ...more], direction: textDirection(locale) };
}

export async function tellAdminsOfSyncProblems(
  deps: Pick<ServiceDeps, "prisma" | "platforms" | "organisation">,
  sync: { source: DirectorySource; label: string; runKey: string; problems: readonly string[] },
): Promise<void> {
  if (sync.problems.length === 0) return;
  const admins = await deps.prisma.employee.findMany({ where: { isAdmin: true, active: true }, select: { id: true, slackUserId: true, teamsUserId: true, locale: true }, orderBy: { id: "asc" } });
  const entries = admins.flatMap((admin) =>
    personMessages(deps, admin, `people-sync:${sync.source}:${sync.runKey}:admin:${admin.id}`, (locale) => problemsMessage(locale, sync.label, sync.source, sync.problems)),
  );
  await deps.prisma.$transaction((tx) => enqueue(tx, entries));
}
