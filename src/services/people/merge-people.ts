/**
 * Brings people from a source into the organisation document in force. The document stays
 * the organisation's one description (the server, `org export` and the next import all read
 * it), so a source writes a new version of it, its comments kept (the yaml library re-spaces
 * them).
 *
 * Each source says, field by field, how far it is trusted (README, "Who owns what"): a field
 * it `owns` is overwritten, one it `fills` is written only where the document has none, and
 * one it `proposes` is taken for a new person only; a proposal that differs from what the
 * document says is reported as a conflict, never applied silently.
 */
import { isMap, isScalar, isSeq, type Document, type YAMLMap, type YAMLSeq } from "yaml";

/** The employee keys of the organisation file a source may speak for. */
export const PERSON_FIELDS = ["name", "department", "start_date", "fte", "slack_id", "teams_id", "timezone", "locale"] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];
export type Trust = "owns" | "fills" | "proposes";

/** One person as a source describes them; `department` is still the source's own words. */
export interface SourcePerson {
  /** Where the source has them, for messages: "line 5", "Slack user U0123". */
  where: string;
  email: string;
  values: Partial<Record<PersonField, string | number>>;
  managerEmail?: string;
}

export interface PeopleMerge {
  /** The merged document's text; empty when nothing changed (nothing is imported then). */
  text: string;
  /** The merged document itself, validated from its data rather than by parsing `text` again. */
  document: Document;
  /** One line per person or department changed, for the dry run and the log. */
  changes: string[];
  /** Conflicts and people left out; each names where the source has them. */
  problems: string[];
  counts: { created: number; updated: number; unchanged: number; removed: number };
}

export interface MergeOptions {
  trust: Partial<Record<PersonField, Trust>>;
  /** The source lists everyone: people of the document it does not list have left. */
  removeMissing: boolean;
  /** People the source says have left, whether or not it lists everyone. */
  departed: readonly string[];
  /** Records the source refused: with any, nobody is taken for gone (they may be among them). */
  refusedRecords: number;
}

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

/** The source's department, matched to a department's key or name, whatever the case. */
function departmentResolver(doc: Document): { resolve(name: string): string | undefined; known: string } {
  const departments = mapsOf(seqAt(doc, ["departments"])).map((d) => ({ key: text(d.get("key")), name: text(d.get("name")) }));
  const byWord = new Map<string, string>();
  for (const d of departments) byWord.set(norm(d.name), d.key);
  for (const d of departments) byWord.set(norm(d.key), d.key);
  return { resolve: (name) => byWord.get(norm(name)), known: departments.map((d) => d.key).join(", ") || "none" };
}

/**
 * What applies to a person when the document says nothing: a source's time zone or language
 * equal to it is not written, so the document does not fill up with what it already implies.
 */
function impliedValues(doc: Document): (department: unknown) => Partial<Record<PersonField, string>> {
  const company = { timezone: text(doc.getIn(["company", "timezone"])), locale: text(doc.getIn(["company", "locale"])) };
  const zones = new Map(mapsOf(seqAt(doc, ["departments"])).map((d) => [text(d.get("key")), text(d.get("timezone"))]));
  return (department) => ({ timezone: zones.get(text(department)) || company.timezone, locale: company.locale });
}

/** The list without the first mention of each of `emails` (a second mention stays, as it always has). */
function withoutFirst(items: unknown[], emails: ReadonlySet<string>): unknown[] {
  const taken = new Set<string>();
  return items.filter((item) => {
    const email = itemText(item);
    if (!emails.has(email) || taken.has(email)) return true;
    taken.add(email);
    return false;
  });
}

function listHas(doc: Document, path: (string | number)[], email: string): boolean {
  return (seqAt(doc, path)?.items ?? []).some((item) => itemText(item) === email);
}

/** `doc`, the organisation in force parsed, is changed in place. */
export function mergePeople(doc: Document, people: readonly SourcePerson[], options: MergeOptions): PeopleMerge {
  const result: PeopleMerge = { text: "", document: doc, changes: [], problems: [], counts: { created: 0, updated: 0, unchanged: 0, removed: 0 } };
  const departments = departmentResolver(doc);
  const employees = seqAt(doc, ["employees"]);
  if (!employees) throw new Error("The organisation in force has no employees list");
  const byEmail = new Map(mapsOf(employees).map((node) => [norm(node.get("email")), node]));
  const listed = new Set<string>();
  const managing: { person: SourcePerson; department: string }[] = [];
  const trusted = PERSON_FIELDS.filter((field) => options.trust[field]);
  const implied = impliedValues(doc);

  for (const person of people) {
    const values = { ...person.values };
    const node = byEmail.get(person.email);
    if (values.department !== undefined) {
      const department = departments.resolve(String(values.department));
      if (!department) {
        result.problems.push(`${person.where}: "${values.department}" is not a department of the organisation (known: ${departments.known}); ${person.email} is left out`);
        continue;
      }
      values.department = department;
    }
    listed.add(person.email);
    const defaults = implied(node?.get("department") ?? values.department);
    for (const field of trusted) {
      if (options.trust[field] === "fills" && values[field] !== undefined && text(values[field]) === defaults[field]) delete values[field];
    }
    if (!node) {
      const missing = (["name", "department"] as const).filter((field) => values[field] === undefined);
      if (missing.length) {
        result.problems.push(`${person.where}: ${person.email} is not in the organisation and has no ${missing.join(" or ")} here; left out`);
        listed.delete(person.email);
        continue;
      }
      const fields = trusted.filter((field) => values[field] !== undefined).map((field) => [field, values[field]]);
      employees.add(doc.createNode({ email: person.email, ...Object.fromEntries(fields) }));
      result.counts.created += 1;
      result.changes.push(`+ ${person.email}: ${values.name}, ${values.department}`);
    } else {
      const changed: string[] = [];
      for (const field of trusted) {
        const value = values[field];
        const current = node.get(field);
        if (value === undefined || text(current) === text(value)) continue;
        const trust = options.trust[field];
        if (trust === "proposes" || (trust === "fills" && text(current) !== "")) {
          if (trust === "proposes") result.problems.push(`${person.where}: ${person.email} has ${field} "${value}" here but "${text(current)}" in the organisation; the organisation's is kept`);
          continue;
        }
        changed.push(`${field} ${text(current) || "(none)"} → ${text(value)}`);
        node.set(field, value);
      }
      result.counts[changed.length ? "updated" : "unchanged"] += 1;
      if (changed.length) result.changes.push(`~ ${person.email}: ${changed.join(", ")}`);
    }
    const department = text(node?.get("department") ?? values.department);
    if (person.managerEmail) managing.push({ person, department });
  }

  if (options.removeMissing && options.refusedRecords > 0) {
    result.problems.push(`${options.refusedRecords} record(s) were refused, so nobody is taken for gone this time: correct them and import again`);
  } else {
    const departed = new Set(options.departed);
    const gone = new Set<string>();
    for (const email of byEmail.keys()) {
      if (options.removeMissing ? listed.has(email) : !departed.has(email)) continue;
      gone.add(email);
      result.counts.removed += 1;
      result.changes.push(`- ${email}: ${options.removeMissing ? "no longer listed" : "has left"}; deactivated, history kept`);
    }
    // Taken out of each list in one pass, not searched for one person at a time: an export
    // that drops thousands of people would otherwise scan the employees thousands of times.
    if (gone.size) {
      const goneNodes = new Set([...gone].map((email) => byEmail.get(email)));
      employees.items = employees.items.filter((item) => !goneNodes.has(item as YAMLMap));
      for (const seq of [...mapsOf(seqAt(doc, ["departments"])).map((d) => d.get("managers", true)), doc.getIn(["stories", "curators"], true)]) {
        if (isSeq(seq)) seq.items = withoutFirst(seq.items, gone);
      }
      for (const email of gone) byEmail.delete(email);
    }
  }

  const departmentIndex = new Map(mapsOf(seqAt(doc, ["departments"])).map((d, index) => [text(d.get("key")), index]));
  for (const { person, department } of managing) {
    const manager = person.managerEmail!;
    if (!byEmail.has(manager) && !listed.has(manager)) {
      result.problems.push(`${person.where}: the manager ${manager} is not an employee, so is not made a manager of ${department}`);
      continue;
    }
    const path = ["departments", departmentIndex.get(department)!, "managers"];
    if (listHas(doc, path, manager)) continue;
    if (!seqAt(doc, path)) doc.setIn(path, doc.createNode([]));
    seqAt(doc, path)!.add(manager);
    result.changes.push(`~ ${department}: ${manager} manages it`);
  }

  // Written out only when it changed: a merge that changes nothing imports nothing.
  if (result.changes.length) result.text = doc.toString();
  return result;
}
