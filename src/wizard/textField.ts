// Editing a one-line text field, key by key, as a pure function of (state, input).
// Input comes from the terminal in chunks: a fast typist, a paste or a loaded
// machine deliver several keys in one read ("\x7f\x7f\x7f1500\r"), so a chunk is
// split into keys here and every key is applied, in order, to the state the key
// before it left. No ink/react: the view (components/Field.tsx) only renders.

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

type Edit = 'backspace' | 'delete' | 'left' | 'right' | 'home' | 'end' | 'kill-before' | 'kill-after' | 'submit';
export type FieldKey = { kind: 'text'; text: string } | { kind: Edit };

export function fieldOf(value: string): FieldState {
  return { value, cursor: Array.from(value).length };
}

const ESC = '\u001b';

// Final bytes / numbers of the CSI and SS3 sequences a field acts on; every other escape sequence
// (function keys, bracketed-paste markers, focus reports, Alt+key) is dropped whole.
const CSI_LETTER: Record<string, Edit> = { C: 'right', D: 'left', H: 'home', F: 'end' };
const CSI_TILDE: Record<string, Edit> = { '1': 'home', '7': 'home', '4': 'end', '8': 'end', '3': 'delete' };
// Ctrl keys of a readline-style line editor; any other control character is dropped.
const CONTROL: Record<string, Edit> = {
  '\r': 'submit',
  '\n': 'submit',
  '\u007f': 'backspace', // what the Backspace key sends in every common terminal
  '\b': 'backspace', // Ctrl-H, and Backspace in some terminals
  '\u0001': 'home', // Ctrl-A
  '\u0005': 'end', // Ctrl-E
  '\u0002': 'left', // Ctrl-B
  '\u0006': 'right', // Ctrl-F
  '\u0004': 'delete', // Ctrl-D
  '\u0015': 'kill-before', // Ctrl-U
  '\u000b': 'kill-after', // Ctrl-K
};

const isControl = (c: number) => c < 0x20 || (c >= 0x7f && c <= 0x9f);

/** Splits a chunk of terminal input into keys; runs of printable characters become one text key. */
export function keysOf(input: string): FieldKey[] {
  const keys: FieldKey[] = [];
  let text = '';
  const flushText = () => {
    if (text) keys.push({ kind: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < input.length) {
    const ch = String.fromCodePoint(input.codePointAt(i)!);
    if (ch === ESC) {
      flushText();
      const { key, next } = escapeSequence(input, i);
      if (key) keys.push({ kind: key });
      i = next;
      continue;
    }
    i += ch.length;
    if (isControl(ch.codePointAt(0)!)) {
      flushText();
      const kind = CONTROL[ch];
      if (kind) keys.push({ kind });
      continue;
    }
    text += ch;
  }
  flushText();
  return keys;
}

/** Reads the escape sequence starting at input[start] (an ESC); returns the key it is, if a field uses it. */
function escapeSequence(input: string, start: number): { key?: Edit; next: number } {
  const intro = input[start + 1];
  if (intro === '[') {
    // CSI: parameter and intermediate bytes (0x20-0x3f), then one final byte (0x40-0x7e).
    let j = start + 2;
    if (input[j] === '[') j++; // Linux console function keys: ESC [ [ A
    while (j < input.length && input.charCodeAt(j) >= 0x20 && input.charCodeAt(j) <= 0x3f) j++;
    if (j >= input.length) return { next: input.length }; // cut off: drop it
    const params = input.slice(start + 2, j);
    const final = input[j];
    const next = j + 1;
    if (params.startsWith('[')) return { next };
    const first = params.split(';')[0];
    if (final === '~') return { key: CSI_TILDE[first], next };
    // ESC [ C, or with modifiers ESC [ 1 ; 5 C (Ctrl/Shift+arrow: moved like the plain arrow)
    if (params === '' || first === '1') return { key: CSI_LETTER[final], next };
    return { next };
  }
  if (intro === 'O') {
    // SS3: ESC O + one letter (arrows in application mode, F1-F4).
    const final = input[start + 2];
    if (final === undefined) return { next: input.length };
    return { key: CSI_LETTER[final], next: start + 3 };
  }
  if (intro === undefined) return { next: start + 1 }; // a lone Esc: the screen's "back", not an edit
  if (intro === ESC) return { next: escapeSequence(input, start + 1).next }; // Alt+arrow and the like: dropped whole
  // ESC + one character: Alt+key (or Esc pressed just before a key); a field has no Alt bindings.
  return { next: start + 1 + String.fromCodePoint(input.codePointAt(start + 1)!).length };
}

/** Applies one key to the state. */
export function applyKey(state: FieldState, key: FieldKey): FieldState {
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
    case 'submit':
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
