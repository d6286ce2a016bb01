// The inspect screen's keys: the list, Enter, scrolling clamped to the lines, Esc one level back.
import { describe, expect, it } from 'vitest';
import { applyInspectInput, bodyHeight, clampTop, entryLabels, entryName, initialNav, type InspectLayout, type InspectNav } from '../../src/wizard/inspectNav.js';
import { fixture } from './inspect-fixture.js';

const UP = '\u001b[A';
const DOWN = '\u001b[B';
const PAGE_DOWN = '\u001b[6~';
const PAGE_UP = '\u001b[5~';
const END = '\u001b[F';
const HOME = '\u001b[H';
const ESC = '\u001b';

// Three entries: the overview has 5 lines, the tables 30 and 12; 10 rows to show them.
const layout: InspectLayout = { entries: 3, height: 10, lineCount: (e) => [5, 30, 12][e]! };
const open = (index: number, top = 0): InspectNav => ({ list: { index, offset: 0 }, open: true, top });
const keys = (nav: InspectNav, input: string) => applyInspectInput(nav, input, layout);

describe('inspect screen navigation', () => {
  it('moves through the list (wrapping) and Enter opens the highlighted entry at its top', () => {
    expect(keys(initialNav, DOWN).nav).toEqual({ list: { index: 1, offset: 0 }, open: false, top: 0 });
    expect(keys(initialNav, UP).nav.list.index).toBe(2);
    expect(keys(initialNav, `${DOWN}${DOWN}${DOWN}`).nav.list.index).toBe(0);
    expect(keys(initialNav, `${DOWN}\r`)).toEqual({ nav: open(1), back: false });
  });

  it('scrolls an entry by line, page (keeping one line), Home and End, never past its lines', () => {
    expect(keys(open(1), DOWN).nav.top).toBe(1);
    expect(keys(open(1), UP).nav.top).toBe(0);
    expect(keys(open(1), PAGE_DOWN).nav.top).toBe(9);
    expect(keys(open(1), PAGE_DOWN.repeat(2)).nav.top).toBe(18);
    expect(keys(open(1), PAGE_DOWN.repeat(3)).nav.top).toBe(20); // the last full window: lines 21-30
    expect(keys(open(1, 20), DOWN).nav.top).toBe(20);
    expect(keys(open(1, 20), PAGE_UP).nav.top).toBe(11);
    expect(keys(open(1), END).nav.top).toBe(20);
    expect(keys(open(1, 17), HOME).nav.top).toBe(0);
    expect(keys(open(1), 'jjjk').nav.top).toBe(2);
    expect(keys(open(2), END).nav.top).toBe(2);
    expect(keys(open(0), `${END}${PAGE_DOWN}${DOWN}`).nav.top).toBe(0); // 5 lines fit in 10 rows
    // Enter and Down in one read: opened, then scrolled.
    expect(keys(initialNav, `${DOWN}\r${DOWN}${DOWN}`).nav).toEqual(open(1, 2));
  });

  it('Esc closes the entry (keeping its place in the list), Esc on the list goes back; two in one read do both', () => {
    expect(keys(open(2, 2), ESC)).toEqual({ nav: { list: { index: 2, offset: 0 }, open: false, top: 0 }, back: false });
    expect(keys({ ...initialNav, list: { index: 2, offset: 0 } }, ESC)).toEqual({ nav: { list: { index: 2, offset: 0 }, open: false, top: 0 }, back: true });
    expect(keys(open(1, 5), ESC + ESC).back).toBe(true);
    expect(keys(open(1, 5), `${ESC}[A`).nav).toEqual(open(1, 4)); // an arrow key is no Esc
  });

  it('clamps to the lines there are, and leaves the frame its title row at every height', () => {
    expect([clampTop(-3, 30, 10), clampTop(25, 30, 10), clampTop(4, 5, 10), clampTop(7, 30, 10)]).toEqual([0, 20, 0, 7]);
    expect([bodyHeight(24), bodyHeight(40), bodyHeight(5)]).toEqual([19, 35, 3]);
  });

  it('labels the overview, then each table with its rows and columns, aligned', () => {
    expect(entryLabels(fixture)).toEqual(['Overview', 'customers         40 rows  8 columns', 'subscriptions  1,234 rows  2 columns']);
    expect([entryName(fixture, 0), entryName(fixture, 2)]).toEqual(['Overview', 'subscriptions']);
  });
});
