/**
 * The changes an identity provider made over SCIM, kept in `people_changes` on top of the
 * import they followed. Each request writes only its own rows (the employees it touches and
 * one change each) instead of importing the whole organisation again; the organisation in
 * force is the import's document with its changes applied in order. They are applied in two
 * places, which must agree: to the document's text (`org export`, the next source's merge,
 * a replica starting) and to a running server's parsed organisation (every replica, within
 * seconds, without parsing the document again).
 */
import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from "yaml";
import type { Employee, Locale, Organisation } from "../../config/organisation";
import type { PrismaClient } from "../../generated/prisma/client";

/** "set": fields of a person in the document; "hire": added anew (or again); "leave": gone, history kept. */
export type ChangeKind = "set" | "hire" | "leave";

/** The document's keys a change writes. */
export interface ChangeValues {
  name?: string;
  department?: string;
  timezone?: string;
  locale?: Locale;
}

export interface PeopleChangeEntry {
  email: string;
  kind: ChangeKind;
  values: ChangeValues;
  /** The manager the identity provider named, made a manager of the department `managerOf`. */
  managerEmail: string | null;
  managerOf: string | null;
}

type Db = Pick<PrismaClient, "peopleChange">;

/** The changes made on top of an import, oldest first; those after `afterId` only when given. */
export async function changesOn(db: Db, importId: number, afterId?: number | null): Promise<(PeopleChangeEntry & { id: number })[]> {
  const rows = await db.peopleChange.findMany({
    where: { importId, ...(afterId ? { id: { gt: afterId } } : {}) },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({ id: r.id, email: r.email, kind: r.kind as ChangeKind, values: r.values as ChangeValues, managerEmail: r.managerEmail, managerOf: r.managerOf }));
}

/** The newest change on top of an import, or null: with the import's id, which organisation is in force. */
export async function lastChangeOn(db: Db, importId: number): Promise<number | null> {
  const last = await db.peopleChange.findFirst({ where: { importId }, orderBy: { id: "desc" }, select: { id: true } });
  return last?.id ?? null;
}

/** The order a person's keys are written in; the database's JSON keeps none. */
const FIELDS = ["name", "department", "timezone", "locale"] as const;
const inOrder = (values: ChangeValues) => FIELDS.filter((field) => values[field] !== undefined).map((field) => [field, values[field]!] as const);

const norm = (value: unknown) => String(isScalar(value) ? value.value : (value ?? "")).trim().toLowerCase();

function seqAt(doc: Document, path: (string | number)[]): YAMLSeq | undefined {
  const node = doc.getIn(path, true);
  return isSeq(node) ? node : undefined;
}

const mapsOf = (seq: YAMLSeq | undefined): YAMLMap[] => (seq?.items ?? []).filter((item): item is YAMLMap => isMap(item));

function removeFrom(seq: YAMLSeq | undefined, email: string): void {
  const index = seq?.items.findIndex((item) => norm(item) === email) ?? -1;
  if (index !== -1) seq!.items.splice(index, 1);
}

/** The document's text with the changes applied in order (its comments kept, re-spaced by the yaml library). */
export function applyToDocument(text: string, changes: readonly PeopleChangeEntry[]): string {
  if (changes.length === 0) return text;
  const doc = parseDocument(text);
  const employees = seqAt(doc, ["employees"]);
  if (!employees) throw new Error("The organisation in force has no employees list");
  const byEmail = new Map(mapsOf(employees).map((node) => [norm(node.get("email")), node]));
  const departments = mapsOf(seqAt(doc, ["departments"]));
  for (const change of changes) {
    const node = byEmail.get(change.email);
    if (change.kind === "leave" || (change.kind === "hire" && node)) {
      if (node) employees.items.splice(employees.items.indexOf(node), 1);
      byEmail.delete(change.email);
      if (change.kind === "leave") {
        departments.forEach((d) => removeFrom(d.get("managers", true) as YAMLSeq | undefined, change.email));
        removeFrom(seqAt(doc, ["stories", "curators"]), change.email);
      }
    }
    if (change.kind === "hire") {
      const created = doc.createNode({ email: change.email, ...Object.fromEntries(inOrder(change.values)) }) as YAMLMap;
      employees.add(created);
      byEmail.set(change.email, created);
    } else if (change.kind === "set" && node) {
      for (const [field, value] of inOrder(change.values)) node.set(field, value);
    }
    const department = change.managerOf ? departments.find((d) => norm(d.get("key")) === change.managerOf) : undefined;
    if (department && change.managerEmail && byEmail.has(change.managerEmail)) {
      const managers = department.get("managers", true);
      if (!isSeq(managers)) department.set("managers", doc.createNode([change.managerEmail]));
      else if (!managers.items.some((item) => norm(item) === change.managerEmail)) managers.add(change.managerEmail);
    }
  }
  return doc.toString();
}

/** The parsed organisation with the changes applied in order, as parsing `applyToDocument`'s text would give it. */
export function applyToOrganisation(organisation: Organisation, changes: readonly PeopleChangeEntry[]): Organisation {
  if (changes.length === 0) return organisation;
  const employees = new Map(organisation.employees.map((e) => [e.email, e]));
  const departments = organisation.departments.map((d) => ({ ...d, managers: [...d.managers] }));
  let curators = [...organisation.stories.curators];
  for (const change of changes) {
    const { name, department, timezone, locale } = change.values;
    if (change.kind === "leave" || change.kind === "hire") employees.delete(change.email);
    if (change.kind === "leave") {
      for (const d of departments) d.managers = d.managers.filter((m) => m !== change.email);
      curators = curators.filter((c) => c !== change.email);
    } else if (change.kind === "hire") {
      const hired: Employee = {
        email: change.email,
        name: name ?? change.email,
        department: department ?? "",
        timezone: timezone ?? organisation.company.timezone,
        ...(locale ? { locale } : {}),
        fte: 1,
        isAdmin: false,
        languages: [],
        skills: [],
      };
      employees.set(change.email, hired);
    } else {
      const current = employees.get(change.email);
      if (current) {
        employees.set(change.email, {
          ...current,
          ...(name !== undefined ? { name } : {}),
          ...(department !== undefined ? { department } : {}),
          ...(timezone !== undefined ? { timezone } : {}),
          ...(locale !== undefined ? { locale } : {}),
        });
      }
    }
    const managed = departments.find((d) => d.key === change.managerOf);
    if (managed && change.managerEmail && employees.has(change.managerEmail) && !managed.managers.includes(change.managerEmail)) {
      managed.managers.push(change.managerEmail);
    }
  }
  return { ...organisation, employees: [...employees.values()], departments, stories: { ...organisation.stories, curators } };
}
