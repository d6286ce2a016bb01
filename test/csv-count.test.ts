// The CSV read-back's record count, fed raw chunks split anywhere: quoted fields with
// newlines and escaped quotes, CRLF, a last record without its newline.
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { CsvRecordCounter } from '../src/sinks/csv.js';
import { tempDir } from './helpers/run.js';

const countOf = (text: string, cuts: number[]) => {
  const bytes = Buffer.from(text);
  const c = new CsvRecordCounter();
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    c.add(bytes.subarray(at, cut));
    at = cut;
  }
  return c.count();
};

describe('CsvRecordCounter', () => {
  const records = [
    ['id', 'note'],
    ['1', 'plain'],
    ['2', 'line one\nline two'],
    ['3', 'say "hi"\n"twice"'],
    ['4', ''],
    ['5', '"\n"'],
  ];
  const lf = stringify(records);
  const crlf = stringify(records, { record_delimiter: '\r\n', quoted: true }); // quoted: a bare \n inside a field is not a delimiter here, so csv-stringify would leave it unquoted

  it('counts records, not lines, wherever the chunks are cut', () => {
    for (const text of [lf, crlf]) {
      expect(text.split('\n').length - 1).toBeGreaterThan(records.length); // the quoted newlines are there
      for (let cut = 0; cut <= text.length; cut++) expect(countOf(text, [cut]), `cut at ${cut}`).toBe(records.length - 1);
      expect(countOf(text, Array.from({ length: text.length }, (_, i) => i))).toBe(records.length - 1); // a byte at a time
    }
  });

  it('counts a last record without its newline, and nothing for a header alone or an empty file', () => {
    expect(countOf(lf.slice(0, -1), [])).toBe(records.length - 1);
    expect(countOf('id,note\n', [])).toBe(0);
    expect(countOf('', [])).toBe(0);
    expect(countOf('id,note\n1,"unclosed\n2,x\n', [])).toBe(0);
  });
});

describe('the CSV target reads back what it wrote', () => {
  it('fails its row check when the file holds other than the rows generated, and hashes the bytes it counted', async () => {
    const { CsvSink } = await import('../src/sinks/csv.js');
    const { readFileSync } = await import('node:fs');
    const { createHash } = await import('node:crypto');
    const { join } = await import('node:path');
    const out = join(tempDir(), 'o');
    const sink = new CsvSink({ out, force: false });
    const table = { name: 't', description: '', primaryKey: ['id'], columns: [{ name: 'id', type: 'integer' as const }, { name: 'note', type: 'text' as const }] };
    await sink.open([table]);
    sink.write('t', [[1, 'a\nb'], [2, 'say "hi"'], [3, null]]);
    await sink.finish();
    const checks = await sink.verify(new Map([['t', 4]]));
    expect(checks).toEqual([{ name: 't: rows in t.csv', ok: false, figure: '3 read back of 4 generated', phase: 'target' }]);
    expect((await sink.verify(new Map([['t', 3]])))[0].ok).toBe(true);
    const [file] = await sink.files();
    await sink.commit(() => '{}\n');
    expect(file.sha256).toBe(createHash('sha256').update(readFileSync(join(out, 't.csv'))).digest('hex'));
  });
});
