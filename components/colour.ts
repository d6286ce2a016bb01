// NO_COLOR (https://no-color.org): set to anything but the empty string, the wizard draws no
// colours (bold, dim and inverse stay: they are not colours, and the field's cursor is inverse).
// Ink's chalk does not read NO_COLOR itself, so every screen asks here.
export const noColor = (): boolean => 'NO_COLOR' in process.env && process.env.NO_COLOR !== '';

/** A colour for Ink's `color` prop, or none under NO_COLOR. */
export const tint = <C extends string>(colour: C | undefined): C | undefined => (noColor() ? undefined : colour);
