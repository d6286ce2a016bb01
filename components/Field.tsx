// A text field that submits what was typed even when Enter arrives in the same
// burst as the text (a paste, a fast typist, tmux send-keys): ink-text-input
// hands onSubmit the value of the last render, which may not include it yet.
import React, { useRef, useState } from 'react';
import TextInput from 'ink-text-input';

// Pasted or chunked key sequences can carry control characters; a field never wants them.
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g;

export function Field({ initial, placeholder, onSubmit }: { initial: string; placeholder?: string; onSubmit(value: string): void }) {
  const [value, setValue] = useState(initial);
  const latest = useRef(initial);
  return (
    <TextInput
      value={value}
      placeholder={placeholder}
      onChange={(v) => {
        latest.current = v.replace(CONTROL_CHARS, '');
        setValue(latest.current);
      }}
      onSubmit={() => onSubmit(latest.current)}
    />
  );
}
