/** The `--name value` options of a CLI command, every one a string, checked by a zod schema. */
import { parseArgs } from "node:util";
import { z } from "zod";
import { parseMonth } from "../domain/reports/report-month";

export type ParsedOptions<T> = { ok: true; value: T } | { ok: false; error: string };

export const monthOption = z.string().refine((m) => parseMonth(m) !== undefined, "expected a month written YYYY-MM, such as 2026-11");

/**
 * Reads `names` from argv (nothing else is accepted) and checks them with `schema`; each
 * problem becomes a line led by its option, as `describe` words it (the schema's message by default).
 */
export function parseStringOptions<S extends z.ZodType>(
  argv: string[],
  names: readonly string[],
  schema: S,
  describe: (issue: z.core.$ZodIssue) => string = (issue) => issue.message,
): ParsedOptions<z.infer<S>> {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: argv, options: Object.fromEntries(names.map((name) => [name, { type: "string" as const }])), strict: true, allowPositionals: false }).values;
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: result.error.issues.map((issue) => `--${issue.path.join(".")}: ${describe(issue)}`).join("\n") };
}
