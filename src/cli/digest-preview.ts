/**
 * `digest preview <department|company> [--week YYYY-Www] [--lang he|en]`: a weekly
 * complaint digest as it would be posted, printed instead of posted.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { messageAsText } from "../chat/plain-text";
import type { Organisation } from "../config/organisation";
import { isIsoWeek } from "../domain/complaints/digest-period";
import { previewCompanyDigest, previewDigest } from "../services/complaints/weekly-digest";
import type { Database } from "../store/database";
import { commandOrganisation } from "./command-organisation";

export const digestPreviewFields = z.object({
  department: z.string().regex(/^[a-z][a-z0-9_-]*$/, "expected a department key such as billing, or company"),
  week: z
    .string()
    .refine(isIsoWeek, "expected an ISO week written YYYY-Www, such as 2026-W47")
    .optional(),
  lang: z.enum(["he", "en"], "expected he or en").optional(),
});
export type DigestPreviewArguments = z.infer<typeof digestPreviewFields>;

/** The words after `digest preview`, checked; an error message when they are wrong. */
export function parseDigestPreviewArguments(argv: string[]): { ok: true; value: DigestPreviewArguments } | { ok: false; error: string } {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: { week: { type: "string" }, lang: { type: "string" } }, strict: true, allowPositionals: true });
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  if (parsed.positionals.length !== 1) return { ok: false, error: "expected one department key (or company)" };
  const result = digestPreviewFields.safeParse({ ...parsed.values, department: parsed.positionals[0]?.toLowerCase() });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: result.error.issues.map((i) => `${i.path[0] === "department" ? "department" : `--${i.path.join(".")}`}: ${i.message}`).join("\n") };
}

/** Builds the preview; the organisation's settings come from the server, else from the file the CLI sent, else from the last import. */
export async function runDigestPreview(
  command: DigestPreviewArguments & { organisationFile?: { fileName: string; content: string } },
  db: Database,
  serverOrganisation: Organisation | undefined,
): Promise<{ exitCode: number; output: string }> {
  const organisation = commandOrganisation(serverOrganisation, command.organisationFile);
  const deps = { prisma: db.prisma, organisation: () => organisation };
  const options = { isoWeek: command.week, locale: command.lang };
  if (command.department === "company") return { exitCode: 0, output: messageAsText(await previewCompanyDigest(deps, options)) };
  const preview = await previewDigest(deps, command.department, options);
  if (!preview.ok) return { exitCode: 1, output: `There is no department "${command.department}". Known: ${preview.known.join(", ") || "none"}.` };
  return { exitCode: 0, output: messageAsText(preview.message) };
}
