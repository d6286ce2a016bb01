// Runs SQL on a SQLite file in a child process. better-sqlite3 is synchronous and
// has no interrupt: an index build or PRAGMA integrity_check holds its thread for
// seconds on a large file, and a worker thread cannot be stopped (or the process
// exit) until the statement returns. A child process can be killed at once, so a
// signal stops index building and read-back within milliseconds.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';

const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3');

// Plain JS, run with `node -e`, so it works from the built CLI and from the tests'
// TypeScript alike. The terminal's Ctrl-C reaches the whole process group: the
// child ignores it and leaves the decision to the parent, which kills it.
const CHILD = `
const Database = require(process.argv[1]);
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => {});
const db = new Database(process.argv[2], { fileMustExist: true });
// No rollback journal, so a kill mid-statement leaves no -journal file beside the
// temporary file (abort() removes that file). better-sqlite3's defensive mode
// silently refuses journal_mode = OFF; unsafeMode lifts it.
db.unsafeMode(true);
db.pragma('journal_mode = OFF');
db.pragma('synchronous = OFF');
db.pragma('locking_mode = EXCLUSIVE');
db.pragma('foreign_keys = OFF');
process.on('disconnect', () => { db.close(); process.exit(0); });
process.on('message', ({ id, mode, sql }) => {
  try {
    let value = null;
    if (mode === 'exec') db.exec(sql);
    else if (mode === 'count') { value = 0; for (const _ of db.prepare(sql).iterate()) value++; }
    else {
      const row = db.prepare(sql).raw().get();
      if (!row) throw new Error('the query returned no rows');
      value = row[0];
    }
    process.send({ id, value });
  } catch (e) {
    process.send({ id, error: String(e && e.message) });
  }
});
`;

type Mode = 'exec' | 'get' | 'count';

export class SqliteChild {
  private child: ChildProcess;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private stderr = '';
  /** Settles when the child has exited (after close() or kill()). */
  readonly exited: Promise<void>;

  constructor(file: string) {
    this.child = spawn(process.execPath, ['-e', CHILD, DRIVER, file], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.child.stderr!.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    this.child.on('message', (m: { id: number; value?: unknown; error?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m.value);
    });
    this.exited = new Promise((resolve) => {
      const end = (why: string) => {
        const last = this.stderr.trim().split('\n').filter((l) => /Error/.test(l)).pop();
        for (const p of this.pending.values()) p.reject(new Error(`the SQLite process ended (${why})${last ? `: ${last}` : ''}`));
        this.pending.clear();
        resolve();
      };
      this.child.on('exit', (code, signal) => end(signal ?? `exit code ${code}`));
      this.child.on('error', (e) => end(e.message));
    });
  }

  private send(mode: Mode, sql: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      if (!this.child.connected) {
        this.pending.delete(id);
        reject(new Error('the SQLite process has ended'));
        return;
      }
      this.child.send({ id, mode, sql });
    });
  }

  async exec(sql: string): Promise<void> {
    await this.send('exec', sql);
  }

  /** The first column of the first row. */
  get(sql: string): Promise<unknown> {
    return this.send('get', sql);
  }

  /** How many rows the statement returns (read one by one, not held). */
  async count(sql: string): Promise<number> {
    return Number(await this.send('count', sql));
  }

  /** Lets the child close the database and exit; resolves when it has. */
  async close(): Promise<void> {
    if (this.child.connected) this.child.disconnect();
    await this.exited;
  }

  /** Stops the child now, mid-statement if need be. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
