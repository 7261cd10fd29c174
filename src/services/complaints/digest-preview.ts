/**
 * `/digest preview [department|company] [YYYY-Www]`: a manager sees a digest as it would be
 * posted, without posting it. Managers preview their own departments' digests and the
 * company view; administrators preview any.
 */
import type { Message } from "../../chat/message";
import { isIsoWeek } from "../../domain/complaints/digest-period";
import type { Locale } from "../../i18n";
import { translator } from "../../i18n";
import { actorOf, type ServiceDeps } from "../deps";
import { complaintNotice } from "./log-complaint";
import { previewCompanyDigest, previewDigest } from "./weekly-digest";

const PREVIEW_WORDS = new Set(["preview", "תצוגה", "תצוגה-מקדימה"]);
const COMPANY_WORDS = new Set(["company", "חברה", "all", "הכל", "הכול"]);

export interface DigestRequest {
  department?: string;
  company: boolean;
  isoWeek?: string;
}

/** The words after `/digest`; undefined when they are not a preview request. */
export function parseDigestCommand(text: string): DigestRequest | undefined {
  const [verb, ...rest] = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!verb || !PREVIEW_WORDS.has(verb)) return undefined;
  const request: DigestRequest = { company: false };
  for (const word of rest) {
    if (isIsoWeek(word.toUpperCase())) request.isoWeek = word.toUpperCase();
    else if (COMPANY_WORDS.has(word)) request.company = true;
    else if (request.department === undefined) request.department = word;
    else return undefined;
  }
  return request;
}

/** The preview the person asked for, or a translated refusal or usage line. */
export async function digestPreviewFor(
  deps: Pick<ServiceDeps, "prisma" | "organisation" | "publicUrl">,
  employeeId: number,
  text: string,
  locale: Locale,
): Promise<Message> {
  const t = translator(locale);
  const request = parseDigestCommand(text);
  if (!request) return complaintNotice(locale, t("digestCommand.usage"));
  const actor = await actorOf(deps.prisma, employeeId);
  if (!actor.isAdmin && actor.managerOf.length === 0) return complaintNotice(locale, t("digestCommand.notAllowed"));
  if (request.company) return previewCompanyDigest(deps, { isoWeek: request.isoWeek, locale });

  const managed = await deps.prisma.department.findMany({ where: { id: { in: [...actor.managerOf] } }, select: { key: true }, orderBy: { name: "asc" } });
  const key = request.department ?? managed[0]?.key;
  if (!key) return complaintNotice(locale, t("digestCommand.usage"));
  if (!actor.isAdmin && !managed.some((d) => d.key === key)) {
    return complaintNotice(locale, t("digestCommand.notYours", { departments: managed.map((d) => d.key).join(", ") }));
  }
  const preview = await previewDigest(deps, key, { isoWeek: request.isoWeek, locale });
  if (!preview.ok) return complaintNotice(locale, t("digestCommand.unknownDepartment", { key, known: preview.known.join(", ") }));
  return preview.message;
}
