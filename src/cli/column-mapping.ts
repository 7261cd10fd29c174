/** `--map field=Column,...` of the CSV imports: which column holds each field. */

/** `id=Ticket,text=Description` (also several --map options) → field → column. */
export function parseColumnMapping<F extends string>(values: string[], fields: readonly F[]): { ok: true; mapping: Partial<Record<F, string>> } | { ok: false; error: string } {
  const mapping: Partial<Record<F, string>> = {};
  const errors: string[] = [];
  for (const pair of values.flatMap((v) => v.split(","))) {
    if (!pair.trim()) continue;
    const at = pair.indexOf("=");
    const field = (at === -1 ? pair : pair.slice(0, at)).trim();
    const column = at === -1 ? "" : pair.slice(at + 1).trim();
    if (!(fields as readonly string[]).includes(field)) errors.push(`--map: unknown field "${field}" (known: ${fields.join(", ")})`);
    else if (!column) errors.push(`--map: expected ${field}=<column name>`);
    else if (field in mapping) errors.push(`--map: ${field} is mapped more than once`);
    else mapping[field as F] = column;
  }
  if (errors.length) return { ok: false, error: errors.join("\n") };
  return { ok: true, mapping };
}
