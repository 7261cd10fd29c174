/**
 * `seismograph preview [--month YYYY-MM] [--lang he|en]`: what the management channel would
 * get from the seismograph for a month (its post, then any alerts), printed instead of posted.
 */
import { z } from "zod";
import { messageAsText } from "../chat/plain-text";
import type { Organisation } from "../config/organisation";
import { monthBefore, parseMonth } from "../domain/reports/report-month";
import { previewSeismograph } from "../services/complaints/seismograph";
import type { Database } from "../store/database";
import { commandOrganisation } from "./command-organisation";
import { monthOption, parseStringOptions, type ParsedOptions } from "./command-options";

export const seismographPreviewFields = z.object({
  month: monthOption.optional(),
  lang: z.enum(["he", "en"], "expected he or en").optional(),
});
export type SeismographPreviewArguments = z.infer<typeof seismographPreviewFields>;

/** The words after `seismograph preview`, checked; an error message when they are wrong. */
export function parseSeismographPreviewArguments(argv: string[]): ParsedOptions<SeismographPreviewArguments> {
  return parseStringOptions(argv, ["month", "lang"], seismographPreviewFields);
}

/** A gap the eye catches between the post and each alert: they are separate messages in the channel. */
const BETWEEN_MESSAGES = "\n\n\n";

/**
 * Builds the preview (the month before `now` by default, as the monthly post reports it), in
 * the company's language unless --lang says otherwise; settings as `digest preview` takes them.
 */
export async function runSeismographPreview(
  command: SeismographPreviewArguments & { organisationFile?: { fileName: string; content: string } },
  db: Database,
  serverOrganisation: Organisation | undefined,
  now: Date,
): Promise<{ exitCode: number; output: string }> {
  const organisation = commandOrganisation(serverOrganisation, command.organisationFile);
  const deps = { prisma: db.prisma, organisation: () => organisation };
  const month = command.month ? parseMonth(command.month)! : monthBefore(now, organisation?.company.timezone ?? "UTC");
  const messages = await previewSeismograph(deps, month, command.lang);
  return { exitCode: 0, output: messages.map(messageAsText).join(BETWEEN_MESSAGES) };
}
