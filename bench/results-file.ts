/**
 * bench/RESULTS.md holds the figures of several benchmarks. Each benchmark owns the part of
 * the file between its two markers and replaces only that part, so that one benchmark's run
 * keeps the others' figures and any text written by hand outside the markers.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";

export function markers(name: string): { begin: string; end: string } {
  return { begin: `<!-- bench:${name}:begin (generated: a run replaces what is between these markers) -->`, end: `<!-- bench:${name}:end -->` };
}

/** Replaces the section `name` of `file` by `body`, or appends it when the file has no such section yet. */
export function writeResultsSection(file: string, name: string, body: string): void {
  const { begin, end } = markers(name);
  const section = `${begin}\n\n${body.trim()}\n\n${end}`;
  const current = existsSync(file) ? readFileSync(file, "utf8") : "";
  const from = current.indexOf(begin);
  const to = from >= 0 ? current.indexOf(end, from) : -1;
  const next =
    from >= 0 && to >= 0
      ? current.slice(0, from) + section + current.slice(to + end.length)
      : current.trim()
        ? `${current.trimEnd()}\n\n${section}\n`
        : `${section}\n`;
  writeFileSync(file, next);
}
