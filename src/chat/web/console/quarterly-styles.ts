/** The console's quarterly view's styles (logical properties, the same in both directions). */
export const QUARTERLY_STYLES = ``;
