// A one-line text field that applies every keystroke, in order, however fast
// they come. ink-text-input computed each key's result from the value of the
// last render and took a chunk of several keys ("\x7f\x7f1500", what a paste, a
// fast typist or a busy machine delivers) as one piece of text, so keys were
// lost or applied to a stale value ("500", 3 x Backspace, "1500" gave "501500").
// Here the state lives in a ref updated synchronously per chunk, and the chunk is
// split into keys by the pure editor in src/wizard/textField.ts.
import React, { useLayoutEffect, useRef, useState } from 'react';
import { Text, useStdin } from 'ink';
import { applyInput, fieldOf, type FieldState } from '../src/wizard/textField.js';

export function Field({ initial, placeholder, onSubmit }: { initial: string; placeholder?: string; onSubmit(value: string): void }) {
  const [shown, setShown] = useState<FieldState>(() => fieldOf(initial));
  const state = useRef(shown);
  const submit = useRef(onSubmit);
  submit.current = onSubmit;
  const { internal_eventEmitter: keys, setRawMode } = useStdin();

  // Layout effect: subscribed and unsubscribed in the commit itself, so a field that was just
  // replaced (Enter moved to the next screen) never sees the keys that follow.
  useLayoutEffect(() => {
    setRawMode(true);
    // Ink's raw input events: one per escape sequence, and one per run of other bytes (which
    // can hold many keys). useInput would hand over a pre-digested key that loses both.
    const onInput = (input: string) => {
      const { state: next, submitted } = applyInput(state.current, input);
      state.current = next;
      setShown(next);
      if (submitted) submit.current(next.value);
    };
    keys.on('input', onInput);
    return () => {
      keys.off('input', onInput);
      setRawMode(false);
    };
  }, [keys, setRawMode]);

  const chars = Array.from(shown.value);
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
