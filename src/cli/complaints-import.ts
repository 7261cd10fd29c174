/**
 * `complaints import <file.csv> [--map field=Column,...]`: complaints from a CSV export.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { CSV_FIELDS, type ColumnMapping } from "../services/complaints/complaints-csv";

export const columnMappingSchema = z.partialRecord(z.enum(CSV_FIELDS), z.string().min(1));

export interface ComplaintsImportArguments {
  file: string;
  mapping: ColumnMapping;
}

/** `id=Ticket,text=Description` (also several --map options) → field → column. */
function parseMapping(values: string[]): { ok: true; mapping: ColumnMapping } | { ok: false; error: string } {
  const mapping: Record<string, string> = {};
  const errors: string[] = [];
  for (const pair of values.flatMap((v) => v.split(","))) {
    if (!pair.trim()) continue;
    const at = pair.indexOf("=");
    const field = (at === -1 ? pair : pair.slice(0, at)).trim();
    const column = at === -1 ? "" : pair.slice(at + 1).trim();
    if (!(CSV_FIELDS as readonly string[]).includes(field)) errors.push(`--map: unknown field "${field}" (known: ${CSV_FIELDS.join(", ")})`);
    else if (!column) errors.push(`--map: expected ${field}=<column name>`);
    else if (field in mapping) errors.push(`--map: ${field} is mapped more than once`);
    else mapping[field] = column;
  }
  if (errors.length) return { ok: false, error: errors.join("\n") };
  return { ok: true, mapping: columnMappingSchema.parse(mapping) };
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
  const mapping = parseMapping(parsed.values.map ?? []);
  if (!mapping.ok) return mapping;
  return { ok: true, value: { file: parsed.positionals[0]!, mapping: mapping.mapping } };
}
