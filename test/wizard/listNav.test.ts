// The wizard's menus: every key of a read moves, in order, from where the key before it left.
import { describe, expect, it } from 'vitest';
import { applyListInput, listOf, type ListState } from '../../src/wizard/listNav.js';

const UP = '\u001b[A';
const DOWN = '\u001b[B';
const at = (index: number, offset = 0): ListState => ({ index, offset });

describe('menu navigation', () => {
  it('moves once per arrow key, also when all of them arrive in one read', () => {
    expect(applyListInput(at(0), DOWN.repeat(10), 11, 11)).toEqual({ state: at(10), chosen: false });
    expect(applyListInput(at(0), `${DOWN.repeat(10)}\r`, 11, 11)).toEqual({ state: at(10), chosen: true });
    expect(applyListInput(at(5), `${UP}${UP}${DOWN}`, 11, 11).state).toEqual(at(4));
    expect(applyListInput(at(0), 'jjjk', 5, 5).state).toEqual(at(2));
  });

  it('wraps from the first item to the last and back', () => {
    expect(applyListInput(at(0), UP, 3, 3).state).toEqual(at(2));
    expect(applyListInput(at(2), DOWN, 3, 3).state).toEqual(at(0));
  });

  it('without wrap (the parameters), stops at both ends and keeps the window where it is', () => {
    expect(applyListInput(at(0), `${UP}${UP}k`, 20, 5, false).state).toEqual(at(0));
    expect(applyListInput(at(19, 15), `${DOWN}j`, 20, 5, false).state).toEqual(at(19, 15));
    expect(applyListInput(at(1), `${UP}${UP}${DOWN}`, 20, 5, false).state).toEqual(at(1));
  });

  it('scrolls a window of `limit` items, keeping their order', () => {
    expect(applyListInput(at(0), DOWN.repeat(5), 10, 4).state).toEqual(at(5, 2));
    expect(applyListInput(at(5, 2), UP.repeat(4), 10, 4).state).toEqual(at(1, 1));
    expect(applyListInput(at(0), UP, 10, 4).state).toEqual(at(9, 6)); // wrapped to the end: the last 4 shown
    expect(applyListInput(at(9, 6), DOWN, 10, 4).state).toEqual(at(0, 0));
    expect(applyListInput(at(0), '\u001b[F', 10, 4).state).toEqual(at(9, 6)); // End
    expect(applyListInput(at(9, 6), '\u001b[H', 10, 4).state).toEqual(at(0, 0)); // Home
    expect(applyListInput(at(0), '\u001b[6~', 10, 4).state).toEqual(at(3, 0)); // PageDown
    expect(applyListInput(at(3, 0), '\u001b[6~\u001b[6~\u001b[6~\u001b[6~', 10, 4).state).toEqual(at(9, 6)); // stops at the end
    expect(listOf(10, 4, 7)).toEqual(at(7, 6));
  });

  it('chooses on Enter and ignores what follows it in the same read', () => {
    expect(applyListInput(at(1), `\r${DOWN}`, 3, 3)).toEqual({ state: at(1), chosen: true });
    expect(applyListInput(at(0), '\r', 0, 5).chosen).toBe(false); // nothing to choose
  });

  it('ignores other keys and text', () => {
    expect(applyListInput(at(1), 'x1500\u007f\u001b[D\u001b[C\u001bOP', 3, 3)).toEqual({ state: at(1), chosen: false });
  });

  it('stays on an item when the list gets shorter', () => {
    expect(applyListInput(at(9, 6), '', 5, 4).state).toEqual(at(4, 1));
  });
});
