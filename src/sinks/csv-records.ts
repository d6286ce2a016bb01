// CSV records: RFC 4180, a field quoted only when it holds a comma, quote, CR or LF
// (quotes doubled), empty for NULL, each record ending in '\n'.
import type { Row } from '../engine/model.js';
import type { Formatter } from './format.js';

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? '"' + text.replaceAll('"', '""') + '"' : text;
}

/** Formats rows as CSV records, each ending in '\n'. */
export function csvRecords(rows: readonly Row[], formatters: readonly Formatter[], quotable: readonly boolean[]): string {
  let out = '';
  const n = formatters.length;
  for (const row of rows) {
    for (let i = 0; i < n; i++) {
      const text = formatters[i](row[i]);
      out += quotable[i] ? csvField(text) : text;
      out += i === n - 1 ? '\n' : ',';
    }
  }
  return out;
}
