// A one-line text field that applies every keystroke, in order, however fast
// they come. ink-text-input computed each key's result from the value of the
// last render and took a read of several keys ("\x7f\x7f1500", what a paste, a
// fast typist or a busy machine delivers) as one piece of text, so keys were
// lost or applied to a stale value ("500", 3 x Backspace, "1500" gave "501500").
// Here the state lives in a ref updated synchronously per read, and the read is
// split into keys by the pure editor in src/wizard/textField.ts.
import React, { useRef, useState } from 'react';
import { Text } from 'ink';
import { applyInput, fieldOf, type FieldState } from '../src/wizard/textField.js';
import { useTerminalInput } from './useTerminalInput.js';

/** `mask`: shown instead of every character typed (a password): the value itself never reaches the screen. */
export function Field({ initial, placeholder, mask, onSubmit }: { initial: string; placeholder?: string; mask?: string; onSubmit(value: string): void }) {
  const [shown, setShown] = useState<FieldState>(() => fieldOf(initial));
  const state = useRef(shown);
  useTerminalInput((input) => {
    const { state: next, submitted } = applyInput(state.current, input);
    state.current = next;
    setShown(next);
    if (submitted) onSubmit(next.value);
  });

  const chars = Array.from(shown.value).map((c) => mask ?? c);
  if (chars.length === 0 && placeholder) {
    return (
      <Text>
        <Text inverse>{placeholder[0]}</Text>
        <Text dimColor>{placeholder.slice(1)}</Text>
      </Text>
    );
  }
  return (
    <Text>
      {chars.slice(0, shown.cursor).join('')}
      <Text inverse>{chars[shown.cursor] ?? ' '}</Text>
      {chars.slice(shown.cursor + 1).join('')}
    </Text>
  );
}
