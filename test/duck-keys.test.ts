import { describe, expect, it } from 'vitest';
import type { TableSpec } from '../src/engine/model.js';
import { duckKeys, KEYED_ROWS_MAX } from '../src/sinks/duck-keys.js';

const spec = (name: string, refs: string[]): TableSpec => ({
  name,
  primaryKey: ['id'],
  columns: [{ name: 'id', type: 'bigint', nullable: false }, ...refs.map((r) => ({ name: `${r}_id`, type: 'bigint' as const, nullable: true }))],
  foreignKeys: refs.map((r) => ({ columns: [`${r}_id`], references: { table: r, columns: ['id'] } })),
});

describe('DuckDB keys', () => {
  it('declares a table\'s keys up to KEYED_ROWS_MAX rows, and a foreign key only to a keyed parent', () => {
    const child = spec('child', ['small', 'big', 'child']);
    const keyed = new Set(['small']);
    expect(duckKeys(child, KEYED_ROWS_MAX, keyed)).toEqual({ keyed: true, foreignKeys: [child.foreignKeys![0], child.foreignKeys![2]] });
    expect(duckKeys(child, KEYED_ROWS_MAX + 1, keyed)).toEqual({ keyed: false, foreignKeys: [] });
    expect(duckKeys(child, 0, new Set())).toEqual({ keyed: true, foreignKeys: [child.foreignKeys![2]] });
  });
});
