/** The console's stories view's styles (logical properties, the same in both directions). */
export const STORIES_STYLES = ``;
