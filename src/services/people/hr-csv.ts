/**
 * People from an HR system's CSV export (BambooHR, HiBob, Personio, Workday): each row read
 * as it streams in, checked on its own; a bad row is reported with its line and skipped.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parse } from "csv-parse";
import { z } from "zod";
import type { SourcePerson } from "./merge-people";

/** The columns the import knows; by default each is read from the column of the same name. */
export const PEOPLE_CSV_FIELDS = ["email", "name", "department", "manager", "start_date", "fte"] as const;
export type PeopleCsvField = (typeof PEOPLE_CSV_FIELDS)[number];
export type PeopleColumnMapping = Partial<Record<PeopleCsvField, string>>;

export interface PeopleCsv {
  people: SourcePerson[];
  /** One sentence per refused row, naming its line. */
  problems: string[];
}

const REQUIRED: readonly PeopleCsvField[] = ["email", "name", "department"];

const emailText = z.string().trim().toLowerCase().pipe(z.email());
const isoDate = z.iso.date();

/** `0.8`, `80%` or `80 %`: a share of a full-time position, above 0 and at most 1. */
function readFte(text: string): number | undefined {
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
  const value = percent ? Number(percent[1]) / 100 : /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : NaN;
  return value > 0 && value <= 1 ? value : undefined;
}

function readRecord(values: Partial<Record<PeopleCsvField, string>>, line: number): SourcePerson | string {
  const missing = REQUIRED.filter((field) => !values[field]);
  if (missing.length) return `line ${line}: ${missing.join(", ")} missing`;
  const email = emailText.safeParse(values.email);
  if (!email.success) return `line ${line}: "${values.email}" is not an email address`;
  const person: SourcePerson = { where: `line ${line}`, email: email.data, values: { name: values.name!, department: values.department! } };
  if (values.manager) {
    const manager = emailText.safeParse(values.manager);
    if (!manager.success) return `line ${line}: manager "${values.manager}" is not an email address`;
    person.managerEmail = manager.data;
  }
  if (values.start_date) {
    if (!isoDate.safeParse(values.start_date).success) return `line ${line}: start date "${values.start_date}" is not a date written YYYY-MM-DD`;
    person.values.start_date = values.start_date;
  }
  if (values.fte) {
    const fte = readFte(values.fte);
    if (fte === undefined) return `line ${line}: FTE "${values.fte}" is not a share above 0 and at most 1 (0.8 or 80%)`;
    person.values.fte = fte;
  }
  return person;
}

/** Reads the export; throws when the header lacks a required column (nothing can be read then). */
export async function readPeopleCsv(input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, mapping: PeopleColumnMapping = {}): Promise<PeopleCsv> {
  const result: PeopleCsv = { people: [], problems: [] };
  const seen = new Map<string, number>();
  let columns: Map<PeopleCsvField, number> | undefined;
  const parser = parse({ relax_column_count: true, skip_empty_lines: true, bom: true, info: true });
  const piping = pipeline(Readable.from(input), parser);
  // A header without the required columns ends the reading early; the source is then closed.
  piping.catch(() => undefined);
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const newlines = record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);
    const line = info.lines - newlines;
    if (!columns) {
      const header = record.map((name) => name.trim());
      columns = new Map();
      for (const field of PEOPLE_CSV_FIELDS) {
        const index = header.indexOf(mapping[field] ?? field);
        if (index !== -1) columns.set(field, index);
      }
      const absent = REQUIRED.filter((field) => !columns!.has(field)).map((field) => `"${mapping[field] ?? field}" (${field})`);
      if (absent.length) throw new Error(`The header has no column ${absent.join(", ")}; name it with --map, for example --map email="Work Email"`);
      continue;
    }
    const values = Object.fromEntries([...columns].map(([field, index]) => [field, (record[index] ?? "").trim()]));
    const read = readRecord(values, line);
    if (typeof read === "string") {
      result.problems.push(read);
      continue;
    }
    const first = seen.get(read.email);
    if (first !== undefined) {
      result.problems.push(`line ${line}: ${read.email} is already on line ${first}; this row is left out`);
      continue;
    }
    seen.set(read.email, line);
    result.people.push(read);
  }
  await piping;
  if (!columns) throw new Error("The file is empty: expected a header and one row per person");
  return result;
}
