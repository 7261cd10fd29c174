/** The console's complaints view's styles (logical properties, the same in both directions); the quarterly review uses its chart and tables too. */
export const COMPLAINTS_STYLES = `
.console-choices ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem .75rem; margin: 0 0 .5rem; padding: 0; }
.console-choices a[aria-current="page"] { font-weight: 700; text-decoration: none; color: var(--ink); }
.console-figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: .5rem 1rem; margin: .5rem 0 1rem; }
.console-figures .figure { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: .5rem .75rem; }
.console-figures dt { color: var(--muted); font-size: .9rem; }
.console-figures dd { margin: 0; font-size: 1.3rem; font-weight: 700; }
.console-figures dd .context { display: block; font-size: .8rem; font-weight: 400; }
.console-chart { margin: 0 0 .5rem; background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: .5rem; }
.week-chart { display: block; inline-size: 100%; block-size: auto; }
.chart-bar { fill: #a9c4e2; }
.chart-bar-marked { fill: #1f5fa8; }
.chart-grid { stroke: #e6e6e6; stroke-width: 1; }
.chart-tick, .chart-label, .chart-value { fill: var(--muted); font-size: 11px; font-family: "DejaVu Sans", sans-serif; }
.chart-value { fill: var(--ink); }
.chart-table { margin: 0 0 1rem; }
.console-table { border-collapse: collapse; inline-size: 100%; margin: .5rem 0 1rem; background: var(--paper); }
.console-table caption { text-align: start; font-weight: 700; padding-block-end: .25rem; }
.console-table th, .console-table td, .chart-table th, .chart-table td { text-align: start; padding: .3rem .5rem; border-block-end: 1px solid var(--line); vertical-align: top; }
.console-table thead th { border-block-end: 2px solid var(--line); }
.console-table .excerpt { max-inline-size: 28rem; }
.console-queue { margin-block-start: 1.5rem; }
`;
