/**
 * `org import-people <file.csv> [--map field=Column,...] [--dry-run] [--remove-missing]`:
 * people from an HR system's export.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { PEOPLE_CSV_FIELDS } from "../services/people/hr-csv";
import { parseColumnMapping } from "./column-mapping";

export const peopleImportFields = z.object({
  mapping: z.partialRecord(z.enum(PEOPLE_CSV_FIELDS), z.string().min(1)),
  dryRun: z.boolean(),
  removeMissing: z.boolean(),
});

export type PeopleImportArguments = z.infer<typeof peopleImportFields> & { file: string };

export function parsePeopleImportArguments(argv: string[]): { ok: true; value: PeopleImportArguments } | { ok: false; error: string } {
  let parsed: { values: { map?: string[]; "dry-run"?: boolean; "remove-missing"?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      options: { map: { type: "string", multiple: true }, "dry-run": { type: "boolean" }, "remove-missing": { type: "boolean" } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  if (parsed.positionals.length !== 1) return { ok: false, error: "Expected exactly one CSV file." };
  const mapping = parseColumnMapping(parsed.values.map ?? [], PEOPLE_CSV_FIELDS);
  if (!mapping.ok) return mapping;
  return {
    ok: true,
    value: { file: parsed.positionals[0]!, mapping: mapping.mapping, dryRun: parsed.values["dry-run"] ?? false, removeMissing: parsed.values["remove-missing"] ?? false },
  };
}
