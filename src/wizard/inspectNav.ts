// The wizard's inspect screen, key by key, as a pure function of (state, input):
// a list of entries (the overview, then one per table), Enter opens an entry's
// lines, which scroll within the terminal's height, Esc goes back one level.
// No ink/react: components/InspectScreen.tsx draws; src/inspect/render.ts makes the lines.
import type { InspectReport } from '../inspect/model.js';
import { keysOf, type Key } from './keys.js';
import { framed, moveList, type ListState } from './listNav.js';

export interface InspectNav {
  /** The highlighted entry of the list (0: the overview, i: report.tables[i - 1]) and the list's window. */
  list: ListState;
  /** The highlighted entry's lines are shown (else the list). */
  open: boolean;
  /** The first line shown of the open entry. */
  top: number;
}

export interface InspectLayout {
  /** Entries in the list: 1 + the report's tables. */
  entries: number;
  /** Rows the body has on the terminal, for the list and for an entry's lines. */
  height: number;
  /** How many lines an entry has (at the terminal's width). */
  lineCount(entry: number): number;
}

export interface InspectResult {
  nav: InspectNav;
  /** Esc on the list: back to the summary. Keys after it in the same read are not applied. */
  back: boolean;
}

export const initialNav: InspectNav = { list: { index: 0, offset: 0 }, open: false, top: 0 };

/** The body rows left for the list or the lines: the frame's title, hint and their blank lines take 4, and one row stays free so Ink never scrolls the title off. */
export function bodyHeight(terminalRows: number): number {
  return Math.max(3, terminalRows - 5);
}

/** Keeps the first shown line where a full window of `height` lines fits (or at 0 when all of them fit). */
export function clampTop(top: number, count: number, height: number): number {
  return Math.min(Math.max(0, top), Math.max(0, count - height));
}

/** Scrolls the open entry's lines by one key. */
function scroll(top: number, key: Key, count: number, height: number): number {
  const page = Math.max(1, height - 1); // a page keeps one line of the one before in view
  switch (key.kind) {
    case 'up':
      return clampTop(top - 1, count, height);
    case 'down':
      return clampTop(top + 1, count, height);
    case 'pageup':
      return clampTop(top - page, count, height);
    case 'pagedown':
      return clampTop(top + page, count, height);
    case 'home':
      return 0;
    case 'end':
      return clampTop(count, count, height);
    case 'text': // vi keys, one line per character
      return [...key.text].reduce((t, c) => (c === 'j' ? clampTop(t + 1, count, height) : c === 'k' ? clampTop(t - 1, count, height) : t), top);
    default:
      return top;
  }
}

/**
 * Esc arrives as an event of its own (Ink waits for what may follow an ESC); two Escs in one read
 * come as one "\x1b\x1b" event. keysOf() drops lone escapes, so they are counted here.
 */
function escapes(input: string): number {
  return /^\u001b+$/.test(input) ? input.length : 0;
}

/** Applies every key of a chunk of terminal input, in order. */
export function applyInspectInput(nav: InspectNav, input: string, layout: InspectLayout): InspectResult {
  let next: InspectNav = { ...nav, list: framed(nav.list.index, nav.list.offset, layout.entries, layout.height) };
  const esc = escapes(input);
  if (esc > 0) {
    for (let i = 0; i < esc; i++) {
      if (!next.open) return { nav: next, back: true };
      next = { ...next, open: false, top: 0 };
    }
    return { nav: next, back: false };
  }
  for (const key of keysOf(input)) {
    if (next.open) {
      next = { ...next, top: scroll(next.top, key, layout.lineCount(next.list.index), layout.height) };
    } else if (key.kind === 'submit') {
      next = { ...next, open: true, top: 0 };
    } else {
      next = { ...next, list: moveList(next.list, key, layout.entries, layout.height) };
    }
  }
  return { nav: next, back: false };
}

/** The list's labels: "Overview", then each table with its rows and columns, aligned. */
export function entryLabels(report: InspectReport): string[] {
  const w = Math.max(0, ...report.tables.map((t) => t.name.length));
  const rows = report.tables.map((t) => `${t.rows.toLocaleString('en-US')} rows`);
  const rw = Math.max(0, ...rows.map((r) => r.length));
  return ['Overview', ...report.tables.map((t, i) => `${t.name.padEnd(w)}  ${rows[i]!.padStart(rw)}  ${t.columns.length} column${t.columns.length === 1 ? '' : 's'}`)];
}

/** What the title names: the open entry (the overview, or a table's name). */
export function entryName(report: InspectReport, entry: number): string {
  return entry === 0 ? 'Overview' : (report.tables[entry - 1]?.name ?? '');
}
