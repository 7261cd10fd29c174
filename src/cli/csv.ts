/**
 * CSV as RFC 4180 writes it (CRLF between records, fields with a comma, quote or line
 * break quoted, quotes doubled), made safe to open in a spreadsheet.
 */

/** A number written with fixed decimals; made only from a number, so never a formula. */
export interface CsvNumber {
  readonly digits: string;
}

export type CsvValue = string | number | CsvNumber;

export function fixed(value: number, decimals: number): CsvNumber {
  const factor = 10 ** decimals;
  // + 0 turns a rounded -0 into 0, so that nothing prints as "-0.00".
  return { digits: (Math.round(value * factor) / factor + 0).toFixed(decimals) };
}

/**
 * Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage
 * return before one) gets a leading apostrophe, as OWASP advises against CSV injection.
 */
function defuse(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function csvField(value: CsvValue): string {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? defuse(value) : value.digits;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvDocument(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((record) => record.map(csvField).join(",")).join("\r\n");
}
