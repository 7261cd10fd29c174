/** The console's stories view's styles (logical properties, the same in both directions). */
export const STORIES_STYLES = `
.story-highlights { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1rem; align-items: start; margin-block-end: 1rem; }
.story-week .message { border-inline-start: 6px solid #e0a800; background: #fffbea; }
.story-wall { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: 1rem; }
.story-card { margin: 0; block-size: 100%; overflow-wrap: anywhere; }
.story-card.story-of-week { border-color: #e0a800; box-shadow: inset 0 0 0 1px #e0a800; }
.story-text { white-space: pre-line; }
.story-badge { display: inline-block; margin: 0 0 .5rem; padding: .1rem .6rem; border-radius: 999px; background: #fff4d6; font-size: .9rem; font-weight: 700; }
.story-count { color: var(--muted); font-weight: 400; font-size: .9rem; }
.story-pager { display: flex; gap: 1rem; align-items: baseline; margin-block: 1rem; }
`;
