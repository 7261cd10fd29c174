/** The console's ideas view's styles (logical properties, the same in both directions). */
export const IDEAS_STYLES = ``;
