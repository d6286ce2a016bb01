// Terminal input, split into the keys the wizard's own field and list act on.
// One read from the terminal can hold many keys: a fast typist, a paste or a
// loaded machine deliver "\x7f\x7f\x7f1500\r" or ten arrow keys at once, and
// Ink hands a run of plain bytes over as one event. Every key in it counts, in order.

export type KeyKind = 'backspace' | 'delete' | 'left' | 'right' | 'up' | 'down' | 'home' | 'end' | 'pageup' | 'pagedown' | 'kill-before' | 'kill-after' | 'submit';
/** A run of printable characters is one text key; everything else is one named key. */
export type Key = { kind: 'text'; text: string } | { kind: KeyKind };

const ESC = '\u001b';

// Final bytes / numbers of the CSI and SS3 sequences the wizard acts on; every other escape sequence
// (function keys, bracketed-paste markers, focus reports, Alt+key) is dropped whole.
const CSI_LETTER: Record<string, KeyKind> = { A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end' };
const CSI_TILDE: Record<string, KeyKind> = { '1': 'home', '7': 'home', '4': 'end', '8': 'end', '3': 'delete', '5': 'pageup', '6': 'pagedown' };
// Enter, Backspace and the Ctrl keys of a readline-style line editor; any other control character is dropped.
const CONTROL: Record<string, KeyKind> = {
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
export function keysOf(input: string): Key[] {
  const keys: Key[] = [];
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

/** Reads the escape sequence starting at input[start] (an ESC); returns the key it is, if the wizard uses it. */
function escapeSequence(input: string, start: number): { key?: KeyKind; next: number } {
  const intro = input[start + 1];
  if (intro === '[') {
    // CSI: parameter and intermediate bytes (0x20-0x3f), then one final byte (0x40-0x7e).
    let j = start + 2;
    if (input[j] === '[') j++; // Linux console function keys: ESC [ [ A
    while (j < input.length && input.charCodeAt(j) >= 0x20 && input.charCodeAt(j) <= 0x3f) j++;
    if (j >= input.length) return { next: input.length }; // cut off: drop it
    const params = input.slice(start + 2, j);
    const final = input[j];
    // Not a final byte (another Esc, a control character): the sequence was broken off; what follows is keys of its own.
    if (input.charCodeAt(j) < 0x40 || input.charCodeAt(j) > 0x7e) return { next: j };
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
  if (intro === undefined) return { next: start + 1 }; // a lone Esc: the screen's "back" (App handles it)
  if (intro === ESC) return { next: escapeSequence(input, start + 1).next }; // Alt+arrow and the like: dropped whole
  // ESC + one character: Alt+key (or Esc pressed just before a key); the wizard has no Alt bindings.
  return { next: start + 1 + String.fromCodePoint(input.codePointAt(start + 1)!).length };
}


/**
 * Puts back together an escape sequence cut between two reads. Ink holds a cut sequence
 * only until the event loop turns: on a loaded machine (or over ssh) "\x1bO" (an arrow in
 * application mode or F1, cut after two bytes) comes as one event and its last byte "P" as
 * the next, which a field took as text ("Free:0.9P"). A cut sequence is held back
 * (`pending`) and joined with the next read. A lone Esc is the Esc key and goes through at
 * once, but is remembered: a next read starting with '[' or 'O' was the rest of a sequence
 * ("\x1b" then "[A" is Up), and gets its Esc back.
 */
export function holdCutSequence(pending: string, input: string): { complete: string; pending: string } {
  let whole = input;
  if (pending === ESC) whole = input[0] === '[' || input[0] === 'O' ? ESC + input : input;
  else if (pending) whole = pending + input;
  if (/^\u001b+$/.test(whole)) return { complete: whole, pending: ESC };
  const at = whole.lastIndexOf(ESC);
  if (at === -1 || !cutOff(whole, at)) return { complete: whole, pending: '' };
  // "\x1b\x1b[" (Alt+arrow) is held from its first Esc.
  const from = at > 0 && whole[at - 1] === ESC ? at - 1 : at;
  if (whole.slice(from) === ESC + ESC || whole.slice(from) === ESC) return { complete: whole, pending: ESC };
  return { complete: whole.slice(0, from), pending: whole.slice(from) };
}

/** The escape sequence at input[at] runs to the end of the input without its final byte. */
function cutOff(input: string, at: number): boolean {
  const rest = input.slice(at + 1);
  if (rest === '' || rest === 'O') return true;
  // CSI: '[' (or '[[' ), then parameter/intermediate bytes, and no final byte yet.
  return /^\[\[?[\x20-\x3f]*$/.test(rest);
}
