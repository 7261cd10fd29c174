/**
 * Brings people from a source into the organisation document in force. The document stays
 * the organisation's one description (the server, `org export` and the next import all read
 * it), so a source writes a new version of it, its comments kept (the yaml library re-spaces them).
 *
 * A source owns a person's name, department, start date and FTE, and adds the managers it
 * names to their department; the file keeps everything else (chat ids, time zone, language,
 * admin, skills). Fields a row leaves empty are left as they are.
 */
import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from "yaml";
import type { PersonRecord } from "./hr-csv";

export interface PeopleMerge {
  text: string;
  /** One line per person or department changed, for the dry run and the log. */
  changes: string[];
  problems: string[];
  counts: { created: number; updated: number; unchanged: number; removed: number };
}

export interface MergeOptions {
  /** The source lists everyone: people of the document it does not list have left. */
  removeMissing: boolean;
  /** Rows the source refused: with any, nobody is taken for gone (they may be among them). */
  refusedRows: number;
}

type Scalar = string | number | boolean | null | undefined;

function seqAt(doc: Document, path: (string | number)[]): YAMLSeq | undefined {
  const node = doc.getIn(path, true);
  return isSeq(node) ? node : undefined;
}

function mapsOf(seq: YAMLSeq | undefined): YAMLMap[] {
  return (seq?.items ?? []).filter((item): item is YAMLMap => isMap(item));
}

const text = (value: unknown) => (value === undefined || value === null ? "" : String(value));
const norm = (value: unknown) => text(value).trim().toLowerCase();
const itemText = (item: unknown) => norm(isScalar(item) ? item.value : item);

/** The export's department, matched to a department's key or name, whatever the case. */
function departmentResolver(doc: Document): { resolve(name: string): string | undefined; known: string } {
  const departments = mapsOf(seqAt(doc, ["departments"])).map((d) => ({ key: text(d.get("key")), name: text(d.get("name")) }));
  const byWord = new Map<string, string>();
  for (const d of departments) byWord.set(norm(d.name), d.key);
  for (const d of departments) byWord.set(norm(d.key), d.key);
  return { resolve: (name) => byWord.get(norm(name)), known: departments.map((d) => d.key).join(", ") || "none" };
}

function removeFromList(doc: Document, path: (string | number)[], email: string): boolean {
  const seq = seqAt(doc, path);
  if (!seq) return false;
  const index = seq.items.findIndex((item) => itemText(item) === email);
  if (index === -1) return false;
  seq.items.splice(index, 1);
  return true;
}

function listHas(doc: Document, path: (string | number)[], email: string): boolean {
  return (seqAt(doc, path)?.items ?? []).some((item) => itemText(item) === email);
}

export function mergePeople(documentText: string, people: readonly PersonRecord[], options: MergeOptions): PeopleMerge {
  const doc = parseDocument(documentText);
  const result: PeopleMerge = { text: documentText, changes: [], problems: [], counts: { created: 0, updated: 0, unchanged: 0, removed: 0 } };
  const departments = departmentResolver(doc);
  const employees = seqAt(doc, ["employees"]);
  if (!employees) throw new Error("The organisation in force has no employees list");
  const byEmail = new Map(mapsOf(employees).map((node) => [norm(node.get("email")), node]));
  const listed = new Set<string>();
  const managing: { person: PersonRecord; department: string }[] = [];

  for (const person of people) {
    const department = departments.resolve(person.department);
    if (!department) {
      result.problems.push(`line ${person.line}: "${person.department}" is not a department of the organisation (known: ${departments.known}); ${person.email} is left out`);
      continue;
    }
    listed.add(person.email);
    if (person.managerEmail) managing.push({ person, department });
    const wanted: [string, Scalar][] = [
      ["name", person.name],
      ["department", department],
      ["start_date", person.startDate],
      ["fte", person.fte],
    ];
    const node = byEmail.get(person.email);
    if (!node) {
      employees.add(doc.createNode({ email: person.email, ...Object.fromEntries(wanted.filter(([, value]) => value !== undefined)) }));
      result.counts.created += 1;
      result.changes.push(`+ ${person.email}: ${person.name}, ${department}`);
      continue;
    }
    const changed: string[] = [];
    for (const [field, value] of wanted) {
      if (value === undefined || text(node.get(field)) === text(value)) continue;
      changed.push(`${field} ${text(node.get(field)) || "(none)"} → ${text(value)}`);
      node.set(field, value);
    }
    result.counts[changed.length ? "updated" : "unchanged"] += 1;
    if (changed.length) result.changes.push(`~ ${person.email}: ${changed.join(", ")}`);
  }

  if (options.removeMissing && options.refusedRows > 0) {
    result.problems.push(`${options.refusedRows} row(s) were refused, so nobody is taken for gone this time: correct them and import again`);
  } else if (options.removeMissing) {
    for (const [email] of byEmail) {
      if (listed.has(email)) continue;
      employees.items.splice(employees.items.indexOf(byEmail.get(email)!), 1);
      mapsOf(seqAt(doc, ["departments"])).forEach((_, index) => removeFromList(doc, ["departments", index, "managers"], email));
      removeFromList(doc, ["stories", "curators"], email);
      byEmail.delete(email);
      result.counts.removed += 1;
      result.changes.push(`- ${email}: no longer in the export; deactivated, history kept`);
    }
  }

  const departmentIndex = new Map(mapsOf(seqAt(doc, ["departments"])).map((d, index) => [text(d.get("key")), index]));
  for (const { person, department } of managing) {
    const manager = person.managerEmail!;
    if (!byEmail.has(manager) && !listed.has(manager)) {
      result.problems.push(`line ${person.line}: the manager ${manager} is not an employee, so is not made a manager of ${department}`);
      continue;
    }
    const path = ["departments", departmentIndex.get(department)!, "managers"];
    if (listHas(doc, path, manager)) continue;
    if (!seqAt(doc, path)) doc.setIn(path, doc.createNode([]));
    seqAt(doc, path)!.add(manager);
    result.changes.push(`~ ${department}: ${manager} manages it`);
  }

  result.text = result.changes.length ? doc.toString() : documentText;
  return result;
}
