import { ROTATION_STYLES } from "./console/rotation-styles";
import { IDEAS_STYLES } from "./console/ideas-styles";
import { STORIES_STYLES } from "./console/stories-styles";
import { COMPLAINTS_STYLES } from "./console/complaints-styles";
import { QUARTERLY_STYLES } from "./console/quarterly-styles";
/** The web surface's one stylesheet: readable, calm, and the same in both directions (logical properties). */
export const STYLES = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #d7dbe3; --accent: #1f5fbf; --danger: #b3261e; --paper: #ffffff; --wash: #f4f6f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 "DejaVu Sans", system-ui, sans-serif; color: var(--ink); background: var(--wash); }
a { color: var(--accent); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.skip { position: absolute; inset-inline-start: -999px; }
.skip:focus { inset-inline-start: 1rem; top: 1rem; background: var(--paper); padding: .5rem; z-index: 1; }
header { background: var(--paper); border-block-end: 1px solid var(--line); padding: .5rem 1.5rem; }
.brand { margin: 0; font-weight: 700; font-size: 1.1rem; }
.brand a { color: var(--ink); text-decoration: none; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: .5rem 0 0; padding: 0; }
nav a { text-decoration: none; }
nav a[aria-current="page"] { font-weight: 700; text-decoration: underline; }
.demo-banner { margin: .25rem 0; padding: .25rem .75rem; background: #fff4d6; border-radius: 4px; display: inline-block; }
main { max-width: 60rem; margin: 1.5rem auto; padding: 0 1.5rem; }
main:focus { outline: none; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
h2 { font-size: 1.2rem; margin: 0 0 .5rem; }
.message { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin: 0 0 1rem; }
.message p { margin: .25rem 0 .5rem; }
.context { color: var(--muted); font-size: .9rem; }
.fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: .25rem 1rem; margin: .5rem 0; }
.fields dt { font-weight: 700; }
.fields dd { margin: 0; }
hr { border: 0; border-block-start: 1px solid var(--line); margin: .75rem 0; }
.chart { max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 4px; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: flex-start; margin: .5rem 0; }
.button-form, .confirm-form { display: inline; margin: 0; }
.button { display: inline-block; font: inherit; padding: .35rem .9rem; border: 1px solid var(--line); border-radius: 6px; background: var(--paper); color: var(--ink); cursor: pointer; text-decoration: none; }
.button:focus-visible, summary:focus-visible, input:focus-visible, textarea:focus-visible, select:focus-visible { outline: 3px solid #7aa7ef; outline-offset: 1px; }
.button-primary { background: var(--accent); border-color: var(--accent); color: #fff; }
.sign-in { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem; }
.sign-out { display: inline; margin: 0; }
.reactions { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; margin-top: .5rem; }
.reaction[aria-pressed="true"] { background: #e8f0fe; border-color: var(--accent); }
.appreciated { color: var(--muted); font-size: .9rem; }
.button-danger { background: var(--danger); border-color: var(--danger); color: #fff; }
details.confirm summary { list-style: none; }
details.confirm[open] .confirm-form { display: block; margin-block-start: .5rem; padding: .75rem; border: 1px solid var(--line); border-radius: 6px; }
.field { margin: 0 0 1rem; }
.field label { display: block; font-weight: 700; margin-block-end: .25rem; }
.field label.checkbox { font-weight: 400; }
.field input[type="text"], .field textarea, .field select, .field input[type="date"] { width: 100%; font: inherit; padding: .4rem .5rem; border: 1px solid var(--line); border-radius: 6px; background: var(--paper); }
.hint { color: var(--muted); font-size: .9rem; margin: .25rem 0 0; }
.error { color: var(--danger); font-weight: 700; margin: .25rem 0 0; }
.has-error input, .has-error textarea, .has-error select { border-color: var(--danger); }
.command { display: flex; gap: .5rem; }
.command input { flex: 1; }
.people { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: .75rem; }
.people li { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; }
.posted { color: var(--muted); font-size: .85rem; margin: 0 0 .25rem; }
.channel-list { padding-inline-start: 1.25rem; }
.console-nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: 0 0 1rem; padding: .5rem 0; border-block-end: 1px solid var(--line); }
.console-nav a[aria-current="page"] { font-weight: 700; }
.console-views li { margin: .25rem 0; }
${ROTATION_STYLES}${IDEAS_STYLES}${STORIES_STYLES}${COMPLAINTS_STYLES}${QUARTERLY_STYLES}`;
