/**
 * docs/organisation.md is the reference of the organisation file. It is written by hand, so
 * this test walks the zod schema the bot validates the file with and checks the page against
 * it: every key of the schema has a row, every row names a key of the schema, and each row's
 * default column says "required" exactly for the required keys and shows the schema's default
 * where the schema has a plain one.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { organisationSchema } from "../../src/config/organisation";

const ROOT = join(__dirname, "..", "..");
const DOC = readFileSync(join(ROOT, "docs", "organisation.md"), "utf8");

interface SchemaKey {
  /** `company.work_week`, `departments[].key`, `support_line.closures[].from`. */
  path: string;
  required: boolean;
  /** The value of a `.default(...)`, when the key has one. */
  defaultValue?: unknown;
}

/** Strips optional, nullable, default, prefault and pipes down to the type that holds keys. */
function unwrap(schema: z.core.$ZodType): { core: z.core.$ZodType; defaultValue?: unknown } {
  let current = schema;
  let defaultValue: unknown;
  for (;;) {
    if (current instanceof z.ZodDefault) {
      defaultValue ??= current.def.defaultValue;
      current = current.unwrap();
    } else if (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodPrefault) {
      current = current.unwrap();
    } else if (current instanceof z.ZodPipe && !(current.in instanceof z.ZodTransform)) {
      current = current.in;
    } else {
      return { core: current, defaultValue };
    }
  }
}

/** Every key the schema accepts, containers included, in schema order. */
function keysOf(schema: z.core.$ZodType, prefix = ""): SchemaKey[] {
  const { core } = unwrap(schema);
  if (core instanceof z.ZodArray) return keysOf(core.element, `${prefix}[]`);
  if (core instanceof z.ZodUnion) return core.options.flatMap((option) => keysOf(option as z.core.$ZodType, prefix));
  if (!(core instanceof z.ZodObject)) return [];
  return Object.entries(core.shape as Record<string, z.core.$ZodType>).flatMap(([key, field]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    const required = !z.safeParse(field, undefined).success;
    const { defaultValue } = unwrap(field);
    return [{ path, required, defaultValue }, ...keysOf(field, path)];
  });
}

/** The rows of the page's tables whose first cell is a key in backticks: key -> default cell. */
function documentedKeys(markdown: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of markdown.split("\n")) {
    const match = /^\|\s*`([a-z0-9_[\].]+)`\s*\|[^|]*\|([^|]*)\|/.exec(line);
    if (!match) continue;
    expect(rows.has(match[1]!)).toBe(false); // each key once
    rows.set(match[1]!, match[2]!.trim());
  }
  return rows;
}

const fileSchema = organisationSchema.in;
const schemaKeys = keysOf(fileSchema);
const documented = documentedKeys(DOC);

describe("docs/organisation.md", () => {
  it("reads the schema's keys (the walk itself works)", () => {
    const paths = schemaKeys.map((k) => k.path);
    expect(paths).toEqual(expect.arrayContaining(["company.work_week", "departments[].complaints.patterns", "support_line.closures[].to", "digest.weekday"]));
    expect(paths.length).toBeGreaterThan(70);
    expect(documented.size).toBeGreaterThan(70);
  });

  it("documents every key of the schema", () => {
    expect(schemaKeys.map((k) => k.path).filter((path) => !documented.has(path))).toEqual([]);
  });

  it("documents no key the schema lacks", () => {
    const known = new Set(schemaKeys.map((k) => k.path));
    expect([...documented.keys()].filter((path) => !known.has(path))).toEqual([]);
  });

  it('says "required" exactly for the required keys', () => {
    const wrong = schemaKeys
      .filter((key) => documented.has(key.path) && (documented.get(key.path) === "required") !== key.required)
      .map((key) => `${key.path}: schema ${key.required ? "requires it" : "does not require it"}, doc says "${documented.get(key.path)}"`);
    expect(wrong).toEqual([]);
  });

  it("shows each plain default of the schema", () => {
    const shown = (value: unknown) => `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;
    const wrong = schemaKeys
      .filter((key) => key.defaultValue !== undefined && (typeof key.defaultValue !== "object" || Array.isArray(key.defaultValue)))
      .filter((key) => !documented.get(key.path)?.includes(shown(key.defaultValue)))
      .map((key) => `${key.path}: default ${shown(key.defaultValue)}, doc says "${documented.get(key.path)}"`);
    expect(wrong).toEqual([]);
  });

  it("is linked from the README, and nothing points outside the repository", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    expect(readme.includes("](docs/organisation.md)")).toBe(true);
    for (const text of [readme, DOC]) expect(text.match(/[^\n]*(shared\/|DESIGN\.md)[^\n]*/g)).toBeNull();
  });
});
