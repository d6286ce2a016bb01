// The text field's editor: every key of a chunk applied in order to the state the
// key before it left, whatever the chunk holds (a burst, a paste, escape sequences).
import { describe, expect, it } from 'vitest';
import { applyInput, fieldOf, type FieldState } from '../../src/wizard/textField.js';
import { holdCutSequence, keysOf } from '../../src/wizard/keys.js';

const BS = '\u007f';
const LEFT = '\u001b[D';
const RIGHT = '\u001b[C';
const HOME = '\u001b[H';
const END = '\u001b[F';
const DEL = '\u001b[3~';

/** Feeds chunks one after another, as the terminal delivers them. */
function type(start: FieldState, ...chunks: string[]) {
  let state = start;
  for (const chunk of chunks) {
    const r = applyInput(state, chunk);
    state = r.state;
    if (r.submitted) return { ...state, submitted: true };
  }
  return { ...state, submitted: false };
}

describe('text field editor', () => {
  it('starts with the cursor after the initial value', () => {
    expect(fieldOf('500')).toEqual({ value: '500', cursor: 3 });
  });

  it('applies a burst of backspaces and text delivered in one chunk (the "501500" bug)', () => {
    expect(type(fieldOf('500'), `${BS}${BS}${BS}1500`)).toEqual({ value: '1500', cursor: 4, submitted: false });
    // Two of the three backspaces coalesced by a busy machine, the text in a third read.
    expect(type(fieldOf('500'), BS, `${BS}${BS}`, '1500')).toEqual({ value: '1500', cursor: 4, submitted: false });
  });

  it('backspace deletes before the cursor, delete at it, both stop at the ends', () => {
    expect(type(fieldOf('abc'), `${LEFT}${BS}`)).toMatchObject({ value: 'ac', cursor: 1 });
    expect(type(fieldOf('abc'), `${LEFT}${LEFT}${DEL}`)).toMatchObject({ value: 'ac', cursor: 1 });
    expect(type(fieldOf('ab'), `${BS}${BS}${BS}${BS}x`)).toMatchObject({ value: 'x', cursor: 1 });
    expect(type(fieldOf('ab'), DEL)).toMatchObject({ value: 'ab', cursor: 2 });
    expect(type(fieldOf('ab'), '\b')).toMatchObject({ value: 'a', cursor: 1 }); // Ctrl-H
  });

  it('moves with arrows, Home and End (also the SS3 and modifier forms) and inserts at the cursor', () => {
    expect(type(fieldOf('500'), `${LEFT}x`)).toMatchObject({ value: '50x0', cursor: 3 });
    expect(type(fieldOf('500'), `${HOME}1${END}2`)).toMatchObject({ value: '15002', cursor: 5 });
    expect(type(fieldOf('500'), `${LEFT}${LEFT}${RIGHT}7`)).toMatchObject({ value: '5070', cursor: 3 });
    expect(type(fieldOf('500'), '\u001bOD', '\u001b[1;5D', '9')).toMatchObject({ value: '5900', cursor: 2 });
    expect(type(fieldOf('ab'), `${LEFT}${LEFT}${LEFT}${LEFT}x`, `${RIGHT}${RIGHT}${RIGHT}${RIGHT}y`)).toMatchObject({ value: 'xaby', cursor: 4 });
    expect(type(fieldOf('abc'), '\u001b[1~X', '\u001b[4~Y')).toMatchObject({ value: 'XabcY' });
  });

  it('inserts a pasted multi-character chunk whole, at the cursor', () => {
    expect(type(fieldOf(''), 'Free:0.9,Pro:0.1')).toEqual({ value: 'Free:0.9,Pro:0.1', cursor: 16, submitted: false });
    expect(type(fieldOf('data/.db'), `${LEFT}${LEFT}${LEFT}wizard`)).toMatchObject({ value: 'data/wizard.db', cursor: 11 });
    // Bracketed paste markers are dropped, the text between them kept.
    expect(type(fieldOf(''), '\u001b[200~', 'qa run', '\u001b[201~')).toMatchObject({ value: 'qa run' });
  });

  it('drops control characters and escape sequences a field has no use for', () => {
    expect(type(fieldOf(''), 'Free:0.9\u0000\t\u0007\u001b')).toMatchObject({ value: 'Free:0.9' });
    expect(type(fieldOf('Free:0.9'), '\u001bOP', '\u001b[15~', '\u001b[A', '\u001b[B', '\u001bx')).toMatchObject({ value: 'Free:0.9', cursor: 8 });
    expect(type(fieldOf('a'), '\u001b\u001b[D', 'b')).toMatchObject({ value: 'ab' }); // Alt+Left: dropped whole
    expect(type(fieldOf('a'), '\u0085b\u009b')).toMatchObject({ value: 'ab' }); // C1 controls
  });

  it('stops at Enter and reports the value, even when Enter comes in the same chunk as the text', () => {
    expect(type(fieldOf('500'), `${BS}${BS}${BS}1500\r`)).toEqual({ value: '1500', cursor: 4, submitted: true });
    expect(type(fieldOf(''), 'wizard.db\n')).toMatchObject({ value: 'wizard.db', submitted: true });
    // Keys after Enter belong to whatever comes next, not to this field.
    expect(applyInput(fieldOf(''), 'e2e\rxyz')).toEqual({ state: { value: 'e2e', cursor: 3 }, submitted: true });
  });

  it('keeps characters outside the BMP whole', () => {
    expect(type(fieldOf('a😀b'), `${LEFT}${BS}`)).toMatchObject({ value: 'ab', cursor: 1 });
  });

  it('Ctrl-U / Ctrl-K clear before / after the cursor, Ctrl-A / Ctrl-E go to the ends', () => {
    expect(type(fieldOf('data/x.db'), `${LEFT}${LEFT}${LEFT}\u0015`)).toMatchObject({ value: '.db', cursor: 0 });
    expect(type(fieldOf('data/x.db'), `${LEFT}${LEFT}${LEFT}\u000b`)).toMatchObject({ value: 'data/x', cursor: 6 });
    expect(type(fieldOf('bc'), '\u0001a\u0005d')).toMatchObject({ value: 'abcd' });
  });

  it('splits a chunk into keys, a run of text as one key', () => {
    expect(keysOf(`${BS}${BS}15${LEFT}0\r`)).toEqual([
      { kind: 'backspace' },
      { kind: 'backspace' },
      { kind: 'text', text: '15' },
      { kind: 'left' },
      { kind: 'text', text: '0' },
      { kind: 'submit' },
    ]);
  });

  it('puts an escape sequence cut between two reads back together (the "Free:0.9P" stray character)', () => {
    /** Reads as the wizard's input hook sees them: each through holdCutSequence, then the editor. */
    const typeReads = (start: FieldState, ...reads: string[]) => {
      let pending = '';
      const chunks = reads.map((r) => {
        const split = holdCutSequence(pending, r);
        pending = split.pending;
        return split.complete;
      });
      return type(start, ...chunks);
    };
    // Unjoined, the last byte of F1 (ESC O P) is taken for text: what the issue saw.
    expect(type(fieldOf(''), 'Free:0.9\u001bO', 'P')).toMatchObject({ value: 'Free:0.9P' });
    expect(typeReads(fieldOf(''), 'Free:0.9\u001bO', 'P')).toMatchObject({ value: 'Free:0.9', cursor: 8 });
    // An arrow cut anywhere: after ESC, after '[', inside its parameters.
    expect(typeReads(fieldOf('500'), '\u001b', '[D', 'x')).toMatchObject({ value: '50x0' });
    expect(typeReads(fieldOf('500'), '\u001b[', 'D', 'x')).toMatchObject({ value: '50x0' });
    expect(typeReads(fieldOf('500'), '\u001b[1;', '5D', 'x')).toMatchObject({ value: '50x0' });
    expect(typeReads(fieldOf('500'), '1\u001bO', 'D2')).toMatchObject({ value: '50021', cursor: 4 });
    expect(typeReads(fieldOf('ab'), '\u001b[3', '~')).toMatchObject({ value: 'ab', cursor: 2 });
    // A lone Esc goes through at once (the screens' "back") and an ordinary key after it is a key.
    expect(holdCutSequence('', '\u001b')).toEqual({ complete: '\u001b', pending: '\u001b' });
    expect(holdCutSequence('\u001b', 'x')).toEqual({ complete: 'x', pending: '' });
    expect(holdCutSequence('', 'abc')).toEqual({ complete: 'abc', pending: '' });
    expect(holdCutSequence('', 'ab\u001b\u001b[')).toEqual({ complete: 'ab', pending: '\u001b\u001b[' });
    // A sequence broken off by another one: both keys count.
    expect(keysOf('\u001b[\u001b[A')).toEqual([{ kind: 'up' }]);
  });
});
