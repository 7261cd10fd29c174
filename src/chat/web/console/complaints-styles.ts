/** The console's complaints view's styles (logical properties, the same in both directions). */
export const COMPLAINTS_STYLES = ``;
