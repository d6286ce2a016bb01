// Ink's raw input events for the wizard's own field and list. Ink splits what it
// reads at escape sequences but hands a run of other bytes over as one event, and
// useInput digests that run into one "key" (so "\x7f\x7f1500" is neither two
// Backspaces nor text) and re-subscribes a handler only after the next render (so
// a second event in the same read sees the state before the first). Here the
// events come raw, to a handler that keeps its state in refs, and an escape
// sequence cut between two reads is put back together (keys.ts holdCutSequence).
import { useLayoutEffect, useRef } from 'react';
import { useStdin } from 'ink';
import { holdCutSequence } from '../src/wizard/keys.js';

export function useTerminalInput(onInput: (input: string) => void, isActive = true): void {
  const handler = useRef(onInput);
  handler.current = onInput;
  const { internal_eventEmitter: events, setRawMode } = useStdin();
  // A layout effect subscribes and unsubscribes within the commit itself: a field or list that
  // was just replaced (Enter moved on) never sees the keys that follow.
  useLayoutEffect(() => {
    if (!isActive) return;
    setRawMode(true);
    let pending = '';
    let at = 0;
    const listener = (input: string) => {
      // A remembered Esc joins only what follows soon after (the rest of its sequence), not a later key.
      if (pending === '\u001b' && Date.now() - at > 250) pending = '';
      const split = holdCutSequence(pending, input);
      pending = split.pending;
      at = Date.now();
      if (split.complete) handler.current(split.complete);
    };
    events.on('input', listener);
    return () => {
      events.off('input', listener);
      setRawMode(false);
    };
  }, [events, setRawMode, isActive]);
}
