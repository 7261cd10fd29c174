/** The console's rotation view's styles (logical properties, the same in both directions). */
export const ROTATION_STYLES = ``;
