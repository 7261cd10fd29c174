/**
 * Checks the licences of the production dependencies (everything `npm install --omit=dev`
 * would install), prints how many packages use each licence, and exits non-zero, naming the
 * packages, when any of them is GPL, AGPL, LGPL or SSPL (copyleft terms we cannot ship under
 * MIT), or has no licence we can identify (missing, UNKNOWN, UNLICENSED, custom).
 *
 *   npx tsx scripts/check-licenses.ts
 *
 * SPDX expressions are honoured: "(MIT OR GPL-3.0)" passes because we may choose MIT;
 * "(MIT AND GPL-3.0)" fails. A trailing "*" marks a licence the checker guessed from the
 * package's LICENSE/README text rather than read from package.json; those pass (and are counted
 * under the guessed name) as long as the guess itself is acceptable.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { init, type ModuleInfo, type ModuleInfos } from "license-checker-rseidelsohn";

/**
 * Packages whose licence is known to be fine but is declared in a way the checker cannot read.
 * Key: "name" (any version) or "name@version". Every entry says where the real licence was checked.
 */
const ALLOW_LIST: Record<string, { license: string; why: string }> = {
  "dejavu-fonts-ttf": {
    license: "Bitstream-Vera",
    why: "its LICENSE file: the Bitstream Vera fonts licence (permissive, like MIT for fonts), DejaVu's own changes in the public domain",
  },
};

const FORBIDDEN = /\b(A?GPL|LGPL|SSPL)\b/i;
const UNIDENTIFIED = /^(UNKNOWN|UNLICEN[SC]ED|NONE|Custom\b.*|SEE LICEN[SC]E IN .*)$/i;

const ROOT = join(__dirname, "..");

type Verdict = { ok: true } | { ok: false; reason: string };

/** Judges one licence string, which may be an SPDX expression with AND / OR and parentheses. */
export function judgeLicense(license: string | undefined, depth = 0): Verdict {
  const text = (license ?? "").trim();
  if (text === "") return { ok: false, reason: "no licence declared" };
  if (depth > 8) return { ok: false, reason: `licence expression not understood (${text})` };
  const alternatives = splitTopLevel(stripParens(text), "OR");
  const reasons: string[] = [];
  for (const alternative of alternatives) {
    const terms = splitTopLevel(stripParens(alternative), "AND").map((term) => stripParens(term).replace(/\*$/, "").trim());
    const bad = terms.map((term) => judgeTerm(term, depth)).find((verdict) => !verdict.ok);
    if (!bad) return { ok: true };
    reasons.push(bad.ok ? "" : bad.reason);
  }
  return { ok: false, reason: reasons.join("; ") };
}

function judgeTerm(term: string, depth: number): Verdict {
  if (/ (OR|AND) /i.test(term)) return judgeLicense(term, depth + 1); // a parenthesised sub-expression
  if (term === "" || UNIDENTIFIED.test(term)) return { ok: false, reason: `licence not identified (${term || "empty"})` };
  if (FORBIDDEN.test(term)) return { ok: false, reason: `copyleft licence ${term}` };
  return { ok: true };
}

function stripParens(text: string): string {
  let t = text.trim();
  while (t.startsWith("(") && t.endsWith(")") && balanced(t.slice(1, -1))) t = t.slice(1, -1).trim();
  return t;
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === "(") depth++;
    if (ch === ")" && --depth < 0) return false;
  }
  return depth === 0;
}

/** Splits on a keyword (" OR " / " AND ", any case: some packages write "MIT and ISC") outside parentheses. */
function splitTopLevel(text: string, keyword: "OR" | "AND"): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  const token = ` ${keyword} `;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (depth === 0 && text.slice(i, i + token.length).toUpperCase() === token) {
      parts.push(text.slice(start, i));
      start = i + token.length;
      i += token.length - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function licenseText(info: ModuleInfo): string | undefined {
  const { licenses } = info;
  if (Array.isArray(licenses)) return licenses.length > 1 ? `(${licenses.join(" OR ")})` : licenses[0];
  return licenses;
}

function allowListEntry(nameAtVersion: string): { license: string; why: string } | undefined {
  const name = nameAtVersion.slice(0, nameAtVersion.lastIndexOf("@"));
  return ALLOW_LIST[nameAtVersion] ?? ALLOW_LIST[name];
}

function scan(): Promise<ModuleInfos> {
  return new Promise((resolve, reject) => {
    init({ start: ROOT, production: true }, (err, packages) => (err ? reject(err) : resolve(packages)));
  });
}

async function main(): Promise<number> {
  const packages = await scan();
  const rootName = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string }).name;
  const counts = new Map<string, number>();
  const failures: { pkg: string; license: string; reason: string }[] = [];
  let checked = 0;

  for (const [pkg, info] of Object.entries(packages).sort(([a], [b]) => a.localeCompare(b))) {
    if (pkg.startsWith(`${rootName}@`)) continue; // the project itself
    checked++;
    const allowed = allowListEntry(pkg);
    const license = allowed ? allowed.license : (licenseText(info) ?? "UNKNOWN");
    const label = allowed ? `${license} (allow-listed)` : license;
    counts.set(label, (counts.get(label) ?? 0) + 1);
    if (allowed) continue;
    const verdict = judgeLicense(license);
    if (!verdict.ok) failures.push({ pkg, license, reason: verdict.reason });
  }

  const rows = [...counts.entries()].sort(([la, a], [lb, b]) => b - a || la.localeCompare(lb));
  const width = Math.max("Licence".length, ...rows.map(([label]) => label.length));
  console.log(`Licences of ${checked} production dependencies (${ROOT}):\n`);
  console.log(`${"Licence".padEnd(width)}  Packages`);
  console.log(`${"-".repeat(width)}  --------`);
  for (const [label, count] of rows) console.log(`${label.padEnd(width)}  ${String(count).padStart(8)}`);

  for (const key of Object.keys(ALLOW_LIST)) {
    const used = Object.keys(packages).some((pkg) => pkg === key || pkg.slice(0, pkg.lastIndexOf("@")) === key);
    if (!used) console.warn(`\nnote: allow-list entry "${key}" matches no production dependency any more; remove it`);
  }

  if (failures.length > 0) {
    console.error(`\n${failures.length} package(s) with a licence we cannot accept:`);
    for (const f of failures) console.error(`  ${f.pkg}: ${f.license} (${f.reason})`);
    console.error(
      "\nReplace the dependency, or, if its real licence is fine but badly declared, add it to ALLOW_LIST in scripts/check-licenses.ts with where you checked.",
    );
    return 1;
  }
  console.log("\nAll production dependency licences are acceptable.");
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`check-licenses: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(2);
    },
  );
}
