/** The console's rotation view's styles (logical properties, the same in both directions). */
export const ROTATION_STYLES = `
.rotation-choose { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: flex-end; margin-block-end: .5rem; }
.rotation-choose .field { margin: 0; }
.rotation-periods { display: flex; gap: 1rem; margin-block: .5rem 1rem; }
.rotation-scroll { overflow-x: auto; }
.rotation-calendar { border-collapse: collapse; inline-size: 100%; background: var(--paper); margin-block-end: 1.5rem; }
.rotation-calendar caption { text-align: start; font-weight: 700; padding-block-end: .5rem; }
.rotation-calendar th, .rotation-calendar td { border: 1px solid var(--line); padding: .4rem .6rem; text-align: start; vertical-align: top; }
.rotation-calendar thead th { background: var(--wash); }
.rotation-calendar tr.today th, .rotation-calendar tr.today td { background: #eef4ff; }
.rotation-calendar tr.today th { border-inline-start: 4px solid var(--accent); }
.today-label { display: inline-block; margin-inline-start: .25rem; padding-inline: .35rem; border-radius: 4px; background: var(--accent); color: #fff; font-size: .8rem; }
.rotation-calendar td.closed { color: var(--muted); font-style: italic; }
.slot-time { display: block; color: var(--muted); font-size: .85rem; }
.seats { list-style: none; margin: 0; padding: 0; }
.seat { margin-block: .15rem; }
.seat-empty { color: var(--danger); }
.seat-mine { font-weight: 700; border-inline-start: 3px solid var(--accent); padding-inline-start: .35rem; }
.seat-mine-label { font-size: .8rem; color: var(--accent); }
.swaps { padding-inline-start: 1.25rem; }
.swap { margin-block-end: .5rem; }
.rotation-form { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 1rem; margin-block-end: 1.5rem; max-inline-size: 36rem; }
.hours-chart { margin: 0 0 1rem; overflow-x: auto; }
.hours-chart svg { max-inline-size: 100%; block-size: auto; background: var(--paper); border: 1px solid var(--line); border-radius: 4px; }
.hours-chart figcaption { color: var(--muted); font-size: .9rem; }
.hours-table { border-collapse: collapse; margin-block-end: 1.5rem; background: var(--paper); }
.hours-table caption { text-align: start; font-weight: 700; padding-block-end: .25rem; }
.hours-table th, .hours-table td { border: 1px solid var(--line); padding: .3rem .6rem; text-align: start; }
`;
