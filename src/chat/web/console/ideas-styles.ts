/** The console's ideas view's styles (logical properties, the same in both directions). */
export const IDEAS_STYLES = `
.idea-filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: 0 1rem; align-items: end; background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin-block-end: 1rem; }
.idea-filters .idea-search { grid-column: 1 / -1; }
.idea-filters input[type="search"], .idea-filters input[type="number"] { width: 100%; font: inherit; padding: .4rem .5rem; border: 1px solid var(--line); border-radius: 6px; background: var(--paper); }
.idea-filter-actions { margin-block-end: 1rem; display: flex; gap: 1rem; align-items: center; }
.idea-board { display: grid; grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr)); gap: 1rem; margin-block-end: 1.5rem; }
.idea-board-single { grid-template-columns: 1fr; }
.idea-column { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; min-inline-size: 0; }
.idea-column h2, .idea-column h3 { font-size: 1.05rem; margin: 0 0 .5rem; }
.idea-count { color: var(--muted); font-weight: 400; font-size: .9rem; white-space: nowrap; }
.idea-list { list-style: none; margin: 0; padding: 0; }
.idea-item { padding-block: .4rem; border-block-end: 1px solid var(--line); overflow-wrap: anywhere; }
.idea-item:last-child { border-block-end: 0; }
.idea-more { margin: .5rem 0 0; }
.idea-closed > h2 { margin-block-start: .5rem; }
.idea-pager { display: flex; gap: 1rem; align-items: baseline; }
.idea-history, .idea-comments, .idea-themes { margin: 0; padding-inline-start: 1.25rem; }
.idea-history li, .idea-comments li, .idea-themes li { margin-block: .35rem; }
.idea-page h2 { font-size: 1.05rem; margin-block: .75rem .25rem; }
`;
