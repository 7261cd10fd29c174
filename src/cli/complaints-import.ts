/**
 * `complaints import <file.csv> [--map field=Column,...]`: complaints from a CSV export.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { CSV_FIELDS, type ColumnMapping } from "../services/complaints/complaints-csv";
import { parseColumnMapping } from "./column-mapping";

export const columnMappingSchema = z.partialRecord(z.enum(CSV_FIELDS), z.string().min(1));

export interface ComplaintsImportArguments {
  file: string;
  mapping: ColumnMapping;
}

/** The command's words after `complaints import`, checked; an error message when they are wrong. */
export function parseComplaintsImportArguments(argv: string[]): { ok: true; value: ComplaintsImportArguments } | { ok: false; error: string } {
  let parsed: { values: { map?: string[] }; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: { map: { type: "string", multiple: true } }, strict: true, allowPositionals: true });
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  if (parsed.positionals.length !== 1) return { ok: false, error: "Expected exactly one CSV file." };
  const mapping = parseColumnMapping(parsed.values.map ?? [], CSV_FIELDS);
  if (!mapping.ok) return mapping;
  return { ok: true, value: { file: parsed.positionals[0]!, mapping: columnMappingSchema.parse(mapping.mapping) } };
}
