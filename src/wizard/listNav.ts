// Moving through one of the wizard's menus, key by key, as a pure function of
// (state, input): ten arrow keys in one read move ten places, and Enter chooses
// the item the keys before it reached. No ink/react: components/Select.tsx renders.
import { keysOf, type Key } from './keys.js';

export interface ListState {
  /** The highlighted item. */
  index: number;
  /** The first item shown when only `limit` items fit. */
  offset: number;
}

export interface ListResult {
  state: ListState;
  /** Enter was pressed on state.index. Keys after it in the same chunk are not applied. */
  chosen: boolean;
}

/** Keeps the highlighted item inside the shown window, and the window inside the list (items keep their order). */
export function framed(index: number, offset: number, count: number, limit: number): ListState {
  const shown = Math.max(1, Math.min(limit, count));
  const i = Math.min(Math.max(index, 0), Math.max(0, count - 1));
  let top = Math.min(Math.max(offset, 0), Math.max(0, count - shown));
  if (i < top) top = i;
  if (i >= top + shown) top = i - shown + 1;
  return { index: i, offset: top };
}

export function listOf(count: number, limit: number, initialIndex = 0): ListState {
  return framed(initialIndex, initialIndex, count, limit);
}

/**
 * Applies one key. With `wrap`, Up from the first item goes to the last and Down from the last to
 * the first; without, they stay (a long list whose window would jump to its other end).
 */
export function moveList(state: ListState, key: Key, count: number, limit: number, wrap = true): ListState {
  if (count === 0) return state;
  const page = Math.max(1, Math.min(limit, count) - 1);
  const to = (index: number) => framed(index, state.offset, count, limit);
  switch (key.kind) {
    case 'up':
      return to(state.index === 0 ? (wrap ? count - 1 : 0) : state.index - 1);
    case 'down':
      return to(state.index >= count - 1 ? (wrap ? 0 : count - 1) : state.index + 1);
    case 'home':
      return to(0);
    case 'end':
      return to(count - 1);
    case 'pageup':
      return to(state.index - page);
    case 'pagedown':
      return to(state.index + page);
    case 'text': // vi keys, one move per character
      return [...key.text].reduce((s, c) => (c === 'j' ? moveList(s, { kind: 'down' }, count, limit, wrap) : c === 'k' ? moveList(s, { kind: 'up' }, count, limit, wrap) : s), state);
    default:
      return state;
  }
}

/** Applies every key of a chunk of terminal input, in order; stops at Enter. */
export function applyListInput(state: ListState, input: string, count: number, limit: number, wrap = true): ListResult {
  let next = framed(state.index, state.offset, count, limit); // the list may have changed length
  for (const key of keysOf(input)) {
    if (key.kind === 'submit') return { state: next, chosen: count > 0 };
    next = moveList(next, key, count, limit, wrap);
  }
  return { state: next, chosen: false };
}
