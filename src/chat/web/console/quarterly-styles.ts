/**
 * The console's quarterly view's styles (logical properties, the same in both directions),
 * and its paper: A4, without the site's and the console's navigation, sections kept whole.
 */
export const QUARTERLY_STYLES = `
.quarter-columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 0 1.5rem; }
.quarter-section { margin-block-end: 1.25rem; }
.quarter-section h3 { font-size: 1rem; margin: .25rem 0; }
.quarter-weeks { font-size: .9rem; }
.quarter-stories blockquote { margin: 0; font-style: italic; }
.quarter-stories li { margin-block-end: .5rem; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { background: #fff; font-size: 11pt; }
  header, .skip, .console-nav, .quarter-screen { display: none; }
  main { max-width: none; margin: 0; padding: 0; }
  a { color: inherit; text-decoration: none; }
  .console-chart { border: 0; padding: 0; }
  .quarter-section, .console-chart, .console-table tr, .quarter-stories li { break-inside: avoid; }
  h2 { break-after: avoid; }
  .quarter-weeks { display: none; }
}
`;
