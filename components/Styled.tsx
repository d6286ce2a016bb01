// One line of styled segments (src/inspect/render.ts's Line), drawn with Ink: the
// inspect report's lines and the summary's. Colours only where NO_COLOR allows them.
import React from 'react';
import { Text } from 'ink';
import type { Line, Style } from '../src/inspect/render.js';
import { noColor } from './colour.js';

/** Ink's text props for a segment's style. */
export function styleOf(style: Style | undefined, colour = !noColor()): { bold?: boolean; dimColor?: boolean; color?: string } {
  switch (style) {
    case 'title':
    case 'heading':
      return { bold: true };
    case 'bad':
      return colour ? { color: 'red', bold: true } : { bold: true };
    case 'ok':
      return colour ? { color: 'green' } : {};
    case 'warn':
      return colour ? { color: 'yellow' } : {};
    case 'bar':
      return colour ? { color: 'cyan' } : {};
    case 'dim':
      return { dimColor: true };
    default:
      return {};
  }
}

export function Styled({ line, colour = !noColor() }: { line: Line; colour?: boolean }) {
  if (line.every((seg) => seg.text === '')) return <Text> </Text>; // an empty Text would take no row
  return (
    <Text wrap="truncate-end">
      {line.map((seg, i) => (
        <Text key={i} {...styleOf(seg.style, colour)}>
          {seg.text}
        </Text>
      ))}
    </Text>
  );
}
