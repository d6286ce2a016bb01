// A menu that counts every key, however fast they come: ten Downs and Enter in
// one read reach the tenth item and choose it. ink-select-input moved from the
// index of the last render, so keys in one read moved it once. Navigation is the
// pure src/wizard/listNav.ts; items keep their order (the window scrolls).
import React, { useEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { applyListInput, framed, listOf, type ListState } from '../src/wizard/listNav.js';
import { useTerminalInput } from './useTerminalInput.js';
import { tint } from './colour.js';

export interface Item<V extends string = string> {
  label: string;
  value: V;
}

interface Props<V extends string> {
  items: Item<V>[];
  isFocused?: boolean;
  initialIndex?: number;
  /** How many items are shown at most; the list scrolls beyond that. */
  limit?: number;
  /** Up on the first item goes to the last and Down on the last to the first (default). */
  wrap?: boolean;
  onSelect(item: Item<V>): void;
  onHighlight?(item: Item<V>): void;
  itemComponent?: (p: { isSelected: boolean; label: string }) => React.ReactNode;
}

const DefaultItem = ({ isSelected, label }: { isSelected: boolean; label: string }) => <Text color={isSelected ? tint('blue') : undefined}>{label}</Text>;

export function Select<V extends string>({ items, isFocused = true, initialIndex = 0, limit, wrap = true, onSelect, onHighlight, itemComponent = DefaultItem }: Props<V>) {
  const max = limit ?? items.length;
  const [shown, setShown] = useState<ListState>(() => listOf(items.length, max, initialIndex));
  const state = useRef(shown);

  // Say which item is highlighted from the start, not only after the first move.
  useEffect(() => {
    if (items[state.current.index]) onHighlight?.(items[state.current.index]!);
  }, []);

  useTerminalInput((input) => {
    const before = state.current.index;
    const { state: next, chosen } = applyListInput(state.current, input, items.length, max, wrap);
    state.current = next;
    setShown(next);
    if (next.index !== before && items[next.index]) onHighlight?.(items[next.index]!);
    if (chosen && items[next.index]) onSelect(items[next.index]!);
  }, isFocused);

  const view = framed(shown.index, shown.offset, items.length, max);
  const Row = itemComponent;
  return (
    <Box flexDirection="column">
      {items.slice(view.offset, view.offset + Math.max(1, Math.min(max, items.length))).map((item, i) => {
        const isSelected = view.offset + i === view.index;
        return (
          <Box key={item.value}>
            <Box marginRight={1}>{isSelected ? <Text color={tint('blue')}>❯</Text> : <Text> </Text>}</Box>
            <Row isSelected={isSelected} label={item.label} />
          </Box>
        );
      })}
    </Box>
  );
}
