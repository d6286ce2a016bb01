// Headless progress on stderr: cli-progress bars in a terminal, one plain line
// per table start and end and per phase otherwise (logs, CI), so stdout stays for the summary.
import cliProgress from 'cli-progress';
import type { EventListener } from '../engine/events.js';

export function headlessProgress(stream: NodeJS.WriteStream = process.stderr): { listener: EventListener; stop(): void } {
  if (stream.isTTY) {
    const multi = new cliProgress.MultiBar(
      {
        stream,
        format: ' {table} |{bar}| {percentage}% | {value}/{total} rows | {rate} rows/s | ETA {eta_formatted}',
        hideCursor: true,
        clearOnComplete: false,
        stopOnComplete: false,
        fps: 10,
      },
      cliProgress.Presets.shades_classic,
    );
    const bars = new Map<string, { bar: cliProgress.SingleBar; started: number }>();
    let width = 0;
    const rate = (rows: number, started: number) => Math.round(rows / Math.max(0.001, (Date.now() - started) / 1000)).toLocaleString('en-US');
    const listener: EventListener = (e) => {
      if (e.type === 'plan') width = Math.max(...e.tables.map((t) => t.name.length));
      if (e.type === 'table-start') {
        const bar = multi.create(Math.max(1, e.expectedRows), 0, { table: e.table.padEnd(width), rate: '0' });
        bars.set(e.table, { bar, started: Date.now() });
      } else if (e.type === 'progress') {
        const b = bars.get(e.table)!;
        // Estimates can be low: grow the total rather than overflow 100%.
        if (e.rows > b.bar.getTotal()) b.bar.setTotal(e.rows);
        b.bar.update(e.rows, { rate: rate(e.rows, b.started) });
      } else if (e.type === 'table-done') {
        const b = bars.get(e.table)!;
        b.bar.setTotal(e.rows);
        b.bar.update(e.rows, { rate: rate(e.rows, b.started) });
      }
    };
    return { listener, stop: () => multi.stop() };
  }
  // Said at the first table, once the output is claimed: a refused run stays one line.
  let workers = 0;
  const listener: EventListener = (e) => {
    if (e.type === 'plan') workers = e.workers;
    if (e.type === 'table-start' && workers > 0) {
      stream.write(`generating on ${workers} worker thread${workers > 1 ? 's' : ''} beside the main one (--workers)\n`);
      workers = 0;
    }
    if (e.type === 'table-start') stream.write(`${e.table}: started, ${e.expectedRows.toLocaleString('en-US')} rows expected\n`);
    if (e.type === 'table-done') stream.write(`${e.table}: ${e.rows.toLocaleString('en-US')} rows in ${(e.ms / 1000).toFixed(1)} s\n`);
    // Index building and read-back can take as long as generation: say which is running.
    if (e.type === 'phase') stream.write(`${e.label}...\n`);
  };
  return { listener, stop: () => {} };
}
