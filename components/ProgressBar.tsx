import React from 'react';
import { Text } from 'ink';
import { tint } from './colour.js';

/** A fixed-width bar: filled share of done/total. */
export function ProgressBar({ done, total, width }: { done: number; total: number; width: number }) {
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * width);
  return (
    <Text>
      <Text color={tint('green')}>{'█'.repeat(filled)}</Text>
      <Text dimColor>{'░'.repeat(width - filled)}</Text>
      <Text>{` ${String(Math.floor(share * 100)).padStart(3)}%`}</Text>
    </Text>
  );
}
