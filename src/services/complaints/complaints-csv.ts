/**
 * Complaints from a CSV file (`npm run cli -- complaints import`): each row is checked with
 * the webhook's own schema, good rows are stored in batches (each its own transaction,
 * idempotent on the sender's id), and bad rows are reported by the line where they start.
 */
import { StringDecoder } from "node:string_decoder";
import { parse } from "csv-parse";
import { DateTime } from "luxon";
import type { ServiceDeps } from "../deps";
import { complaintSchema, type ComplaintInput } from "./complaint-input";
import { customerHasher } from "./customer-hash";
import { recordComplaints } from "./record-complaints";

/** The columns the import knows; by default each is read from the column of the same name. */
export const CSV_FIELDS = [
  "id",
  "received_at",
  "channel",
  "category",
  "department",
  "text",
  "customer",
  "returned",
  "credit_amount",
  "credit_currency",
  "legal_threat",
  "churn_threat",
  "retained",
  "reopened",
] as const;
export type CsvField = (typeof CSV_FIELDS)[number];
export type ColumnMapping = Partial<Record<CsvField, string>>;

const REQUIRED: readonly CsvField[] = ["id", "received_at", "text"];
const FLAGS = ["returned", "legal_threat", "churn_threat", "retained", "reopened"] as const;
const TRUE = new Set(["true", "yes", "1", "כן"]);
const FALSE = new Set(["false", "no", "0", "לא"]);
/** At most this many bad rows (and warnings) are listed; the summary counts them all. */
const LISTED = 100;
const CHUNK = 64 * 1024;

export interface ComplaintsCsvOptions {
  /** Field → column name in the file's header, for the fields whose column is named differently. */
  mapping?: ColumnMapping;
  /** COMPLAINTS_WEBHOOK_SECRET: customer references are stored only as hashes keyed by it. */
  secret?: string;
  /** The company's time zone: date-times without an offset are read in it. Without it, an offset is required. */
  timeZone?: string;
  batchSize?: number;
}

export interface ComplaintsCsvResult {
  /** 0: every row stored or already there; 1: some rows were bad (the good ones are kept); 2: nothing done. */
  exitCode: 0 | 1 | 2;
  output: string;
  stored: number;
  duplicates: number;
  badRows: number;
  warnings: number;
}

/** Text as LF-only UTF-8 buffers without a byte-order mark, so csv-parse counts lines right. */
async function* lfBuffers(input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>): AsyncGenerator<Buffer> {
  const decoder = new StringDecoder("utf8");
  let started = false;
  let carry = "";
  const out = (text: string) => Buffer.from(text.replace(/\r\n/g, "\n"), "utf8");
  for await (const chunk of input) {
    let text = carry + (typeof chunk === "string" ? chunk : decoder.write(chunk));
    carry = "";
    if (!started && text.length > 0) {
      started = true;
      if (text.startsWith("\uFEFF")) text = text.slice(1);
    }
    if (text.endsWith("\r")) {
      carry = "\r";
      text = text.slice(0, -1);
    }
    const buffer = out(text);
    for (let i = 0; i < buffer.length; i += CHUNK) yield buffer.subarray(i, i + CHUNK);
  }
  const rest = carry + decoder.end();
  if (rest) yield out(rest);
}

/** Where a zod issue points, as the file's column. */
function fieldOf(path: readonly PropertyKey[]): CsvField | undefined {
  const [first, second, third] = path.map(String);
  if (first !== "outcomes") return first as CsvField;
  if (second === "credit") return third === "currency" ? "credit_currency" : "credit_amount";
  return second as CsvField;
}

function flag(value: string | undefined): boolean | string | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (TRUE.has(lower)) return true;
  if (FALSE.has(lower)) return false;
  return value;
}

function amount(value: string | undefined): number | string | undefined {
  return value !== undefined && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

/** A date-time without an offset, read in the company's time zone; anything else is left to the schema. */
function dateTime(value: string | undefined, timeZone: string | undefined): string | undefined {
  if (value === undefined || !timeZone || !/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return value;
  const local = DateTime.fromISO(value.replace(" ", "T"), { zone: timeZone });
  return local.isValid ? (local.toISO({ suppressMilliseconds: true }) ?? value) : value;
}

class UsageError extends Error {}

/**
 * Reads the CSV as it arrives (a file stream, or the content the CLI sent to the server) and
 * stores its good rows. Problems name the line where the record starts and the column, never
 * the values.
 */
export async function importComplaintsCsv(
  deps: Pick<ServiceDeps, "prisma" | "logger">,
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  options: ComplaintsCsvOptions = {},
): Promise<ComplaintsCsvResult> {
  const batchSize = options.batchSize ?? 500;
  const mapping = options.mapping ?? {};
  const hashCustomer = options.secret ? customerHasher(options.secret) : undefined;
  const problems: string[] = [];
  let badRows = 0;
  const warningLines: string[] = [];
  let warnings = 0;
  let stored = 0;
  let duplicates = 0;

  let columns: Map<CsvField, number> | undefined;
  let width = 0;
  let pending: { complaint: ComplaintInput; line: number }[] = [];

  const bad = (line: number, message: string) => {
    badRows++;
    if (problems.length < LISTED) problems.push(`line ${line}: ${message}`);
  };

  const readHeader = (header: string[]) => {
    const names = header.map((name) => name.trim());
    width = names.length;
    const found = new Map<CsvField, number>();
    const errors: string[] = [];
    for (const field of CSV_FIELDS) {
      const column = mapping[field] ?? field;
      const at = names.indexOf(column);
      if (at === -1) {
        if (mapping[field] !== undefined) errors.push(`--map ${field}=${column}: the header has no column "${column}"`);
        else if (REQUIRED.includes(field)) errors.push(`the header has no column "${field}" (required; use --map ${field}=<column> if it is named differently)`);
        continue;
      }
      if (names.indexOf(column, at + 1) !== -1) errors.push(`the header has the column "${column}" more than once`);
      found.set(field, at);
    }
    if (errors.length) throw new UsageError(`The file's header does not fit:\n${errors.join("\n")}\nColumns found: ${names.join(", ")}`);
    if (found.has("customer") && !hashCustomer) {
      throw new UsageError(
        `The file has a customer column ("${mapping.customer ?? "customer"}"), and customer references are stored only as ` +
          "hashes keyed by COMPLAINTS_WEBHOOK_SECRET, which is not set. Set COMPLAINTS_WEBHOOK_SECRET (the same value as " +
          "the webhook's, so the hashes match) or remove the column.",
      );
    }
    columns = found;
  };

  const readRow = (record: string[], line: number) => {
    if (record.length !== width) {
      bad(line, `expected ${width} columns as in the header, found ${record.length}`);
      return;
    }
    const cell = (field: CsvField): string | undefined => {
      const at = columns!.get(field);
      const value = at === undefined ? undefined : record[at]!.trim();
      return value === "" ? undefined : value;
    };
    const creditAmount = amount(cell("credit_amount"));
    const creditCurrency = cell("credit_currency");
    const body = {
      id: cell("id"),
      text: cell("text"),
      received_at: dateTime(cell("received_at"), options.timeZone),
      channel: cell("channel")?.toLowerCase(),
      category: cell("category"),
      department: cell("department"),
      customer: cell("customer"),
      outcomes: {
        ...Object.fromEntries(FLAGS.map((f) => [f, flag(cell(f))])),
        credit: creditAmount === undefined && creditCurrency === undefined ? undefined : { amount: creditAmount, currency: creditCurrency },
      },
    };
    const parsed = complaintSchema.safeParse(body);
    if (parsed.success) {
      pending.push({ complaint: parsed.data, line });
      return;
    }
    const messages = parsed.error.issues.map((issue) => {
      const field = fieldOf(issue.path);
      return `${field ? (mapping[field] ?? field) : "row"}: ${issue.message}`;
    });
    bad(line, [...new Set(messages)].join("; "));
  };

  const flush = async (all: boolean) => {
    while (pending.length >= batchSize || (all && pending.length > 0)) {
      const batch = pending.slice(0, batchSize);
      pending = pending.slice(batchSize);
      const lines = new Map(batch.map(({ complaint, line }) => [complaint.externalId, line]));
      const result = await recordComplaints(
        deps,
        batch.map((b) => b.complaint),
        (reference) => hashCustomer!(reference), // never called without one: the header check refuses first
        batch.map((b) => `line ${b.line}`),
      );
      stored += result.stored;
      duplicates += result.duplicates.length;
      for (const warning of result.warnings) {
        warnings++;
        const field = warning.path.split(".").pop() as CsvField;
        if (warningLines.length < LISTED) warningLines.push(`line ${lines.get(warning.id)}: ${mapping[field] ?? field}: ${warning.message}`);
      }
    }
  };

  let usage: UsageError | undefined;
  const parser = parse({
    relax_column_count: true, // a row with the wrong number of columns is a bad row, reported below, not the end of the file
    skip_empty_lines: true,
    on_record: (record: string[], info) => {
      if (usage) return null;
      // info.lines is the line where the record ends; a quoted field may span lines.
      const newlines = record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);
      const line = info.lines - newlines;
      try {
        if (columns) readRow(record, line);
        else readHeader(record);
      } catch (error) {
        if (error instanceof UsageError) usage = error;
        else throw error;
      }
      return null;
    },
  });
  let parseError: (Error & { lines?: number }) | undefined;
  parser.on("error", (error) => (parseError ??= error));
  parser.on("data", () => undefined);
  const write = (chunk: Buffer) => new Promise<void>((resolve) => parser.write(chunk, () => resolve()));

  for await (const chunk of lfBuffers(input)) {
    await write(chunk);
    if (usage || parseError) break;
    await flush(false);
  }
  if (!usage && !parseError) await new Promise<void>((resolve) => parser.end(() => resolve()));
  parser.destroy();

  if (usage) return { exitCode: 2, output: usage.message, stored: 0, duplicates: 0, badRows: 0, warnings: 0 };
  if (!columns) {
    return { exitCode: 2, output: parseError ? `The file's header is not valid CSV: ${parseError.message}` : "The file is empty: it needs a header line.", stored: 0, duplicates: 0, badRows: 0, warnings: 0 };
  }
  await flush(true);
  if (parseError) {
    // A broken quote leaves the parser unsure where records end: the rest is not guessed at.
    badRows++;
    problems.push(`line ${parseError.lines ?? "?"}: not valid CSV (${parseError.message}); the rest of the file was not read`);
  }

  const out: string[] = [...problems];
  if (badRows > problems.length) out.push(`... and ${badRows - problems.length} more bad rows`);
  out.push(...warningLines.map((w) => `warning: ${w}`));
  if (warnings > warningLines.length) out.push(`... and ${warnings - warningLines.length} more warnings`);
  out.push(`stored ${stored}, duplicates ${duplicates} (already imported), bad rows ${badRows}, warnings ${warnings}`);
  return { exitCode: badRows ? 1 : 0, output: out.join("\n"), stored, duplicates, badRows, warnings };
}
