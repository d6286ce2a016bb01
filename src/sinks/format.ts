// Text forms of typed values (CSV fields, COPY text, hashes): ISO 8601 dates and
// timestamps, '.' decimals at the column's scale, empty for NULL.
import { formatDate, formatTimestamp } from '../engine/dates.js';
import type { Column, Value } from '../engine/model.js';

export type Formatter = (v: Value) => string;

/** A scaled integer (units of 10^-scale) as a decimal string. */
export function formatDecimal(units: number, scale: number): string {
  if (scale === 0) return String(units);
  const neg = units < 0;
  const digits = String(Math.abs(units)).padStart(scale + 1, '0');
  const text = digits.slice(0, digits.length - scale) + '.' + digits.slice(digits.length - scale);
  return neg ? '-' + text : text;
}

export function formatterFor(col: Column): Formatter {
  switch (col.type) {
    case 'integer':
    case 'bigint':
      return (v) => (v === null ? '' : String(v));
    case 'decimal': {
      const scale = col.scale ?? 0;
      return (v) => (v === null ? '' : formatDecimal(v as number, scale));
    }
    case 'date':
      return (v) => (v === null ? '' : formatDate(v as number));
    case 'timestamp':
      return (v) => (v === null ? '' : formatTimestamp(v as number));
    case 'boolean':
      return (v) => (v === null ? '' : v ? 'true' : 'false');
    case 'text':
    case 'json':
      return (v) => (v === null ? '' : (v as string));
  }
}

/** Whether values of this type can ever need CSV quoting. */
export function mayNeedQuotes(col: Column): boolean {
  return col.type === 'text' || col.type === 'json';
}
