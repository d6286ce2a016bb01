// Editing a one-line text field, key by key, as a pure function of (state, input).
// A chunk of terminal input can hold several keys ("\x7f\x7f\x7f1500\r"): it is
// split into keys (keys.ts) and every key is applied, in order, to the state the
// key before it left. No ink/react: the view (components/Field.tsx) only renders.
import { keysOf, type Key } from './keys.js';

export interface FieldState {
  value: string;
  /** Cursor position in code points (0 = before the first character). */
  cursor: number;
}

export interface FieldResult {
  state: FieldState;
  /** Enter was pressed: the value to submit is state.value. Keys after it in the same chunk are not applied. */
  submitted: boolean;
}

export function fieldOf(value: string): FieldState {
  return { value, cursor: Array.from(value).length };
}

/** Applies one key to the state. */
export function applyKey(state: FieldState, key: Key): FieldState {
  const chars = Array.from(state.value);
  const at = Math.min(Math.max(state.cursor, 0), chars.length);
  const make = (next: string[], cursor: number): FieldState => ({ value: next.join(''), cursor });
  switch (key.kind) {
    case 'text': {
      const added = Array.from(key.text);
      return make([...chars.slice(0, at), ...added, ...chars.slice(at)], at + added.length);
    }
    case 'backspace':
      return at === 0 ? { value: state.value, cursor: at } : make([...chars.slice(0, at - 1), ...chars.slice(at)], at - 1);
    case 'delete':
      return make([...chars.slice(0, at), ...chars.slice(at + 1)], at);
    case 'left':
      return { value: state.value, cursor: Math.max(0, at - 1) };
    case 'right':
      return { value: state.value, cursor: Math.min(chars.length, at + 1) };
    case 'home':
      return { value: state.value, cursor: 0 };
    case 'end':
      return { value: state.value, cursor: chars.length };
    case 'kill-before':
      return make(chars.slice(at), 0);
    case 'kill-after':
      return make(chars.slice(0, at), at);
    default: // up/down/page keys and Enter do not edit
      return { value: state.value, cursor: at };
  }
}

/** Applies every key of a chunk of terminal input, in order; stops at Enter. */
export function applyInput(state: FieldState, input: string): FieldResult {
  let next = state;
  for (const key of keysOf(input)) {
    if (key.kind === 'submit') return { state: next, submitted: true };
    next = applyKey(next, key);
  }
  return { state: next, submitted: false };
}
