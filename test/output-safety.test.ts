// Nothing the user has is ever lost: the real binary against folders and files
// a user could have under the output name, checked byte for byte afterwards.
// --force replaces only an earlier synthgen output of the same kind; the check
// holds at the moment of the swap; a killed run's leftovers go with the next run.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, CLI, REPO_ROOT, type CliResult, expectRefused, leftovers, runCli, sandbox, snapshot, writeUserFiles } from './helpers/binary.js';

beforeAll(() => assertBuilt());

const SMALL = ['--scenario', 'saas-metrics', '--set', 'customers=40'];


const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Every file a manifest lists (the catalog too) exists with the recorded size and sha256. */
function expectManifestMatches(manifestPath: string): void {
  const m = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const base = manifestPath.endsWith('/synthgen-manifest.json') ? manifestPath.slice(0, -'/synthgen-manifest.json'.length) : manifestPath.slice(0, -'.synthgen-manifest.json'.length);
  const root = join(manifestPath, '..', '..');
  expect(m.ok).toBe(true);
  for (const t of [...m.tables, { files: m.files ?? [] }]) {
    for (const f of t.files) {
      const path = f.path.startsWith(m.out) ? base + f.path.slice(m.out.length) : join(root, f.path);
      expect(statSync(path).size, path).toBe(f.bytes);
      expect(sha256(path), path).toBe(f.sha256);
    }
  }
}

describe('--force replaces only an earlier synthgen output of the same kind', () => {
  it('sqlite: a synthgen output is refused without --force and replaced with it, manifest included', () => {
    const dir = sandbox({ 'notes.txt': 'do not touch\n' });
    expect(runCli(dir, ['run', ...SMALL, '--out', 'report.db']).status).toBe(0);
    const first = readFileSync(join(dir, 'report.db.synthgen-manifest.json'), 'utf8');
    const before = snapshot(dir);

    const refused = runCli(dir, ['run', ...SMALL, '--out', 'report.db', '--seed', '7']);
    expectRefused(dir, before, refused, 'synthgen: report.db already exists (a synthgen sqlite output); pass --force to replace it, or choose another --out');

    const forced = runCli(dir, ['run', ...SMALL, '--out', 'report.db', '--seed', '7', '--force']);
    expect([forced.status, forced.stderr.match(/^synthgen: .*/m)]).toEqual([0, null]);
    const second = readFileSync(join(dir, 'report.db.synthgen-manifest.json'), 'utf8');
    expect(second).not.toBe(first);
    expect(JSON.parse(second).seed).toBe(7);
    expectManifestMatches(join(dir, 'report.db.synthgen-manifest.json'));
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('do not touch\n');
    expect(leftovers(dir)).toEqual([]);
  });

  it('sqlite: a file that is not SQLite, a SQLite database synthgen did not write, a folder: refused even with --force', () => {
    const theirs = new Database(':memory:');
    theirs.close();
    const dir = sandbox({ 'report.db': 'the user\'s own notes, not SQLite at all\n', 'dirA/thesis.tex': '\\chapter{One}\n' });
    const db = new Database(join(dir, 'app.db'));
    db.exec('CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO accounts VALUES (1, \'keep\')');
    db.close();
    writeUserFiles(dir, {});
    const before = snapshot(dir);
    for (const force of [[], ['--force']]) {
      expectRefused(dir, before, runCli(dir, ['run', ...SMALL, '--out', 'report.db', ...force]), 'synthgen: report.db is a file that is not a SQLite database; synthgen never replaces it, even with --force; choose another --out');
      expectRefused(dir, before, runCli(dir, ['run', ...SMALL, '--out', 'app.db', ...force]), 'synthgen: app.db is a SQLite database synthgen did not write (no synthgen sqlite manifest app.db.synthgen-manifest.json beside it); synthgen never replaces it, even with --force; choose another --out');
      expectRefused(dir, before, runCli(dir, ['run', ...SMALL, '--out', 'dirA', ...force]), 'synthgen: dirA is a folder, not a SQLite database file; synthgen never replaces it, even with --force; choose another --out');
      expectRefused(dir, before, runCli(dir, ['run', ...SMALL, '--target', 'duckdb', '--out', 'app.db', ...force]), 'synthgen: app.db is a file that is not a DuckDB database; synthgen never replaces it, even with --force; choose another --out');
    }
  });

  it('a synthgen output changed since (a table added to the database, a csv file edited): refused even with --force', () => {
    const dir = sandbox();
    expect(runCli(dir, ['run', ...SMALL, '--out', 'mine.db']).status).toBe(0);
    expect(runCli(dir, ['run', ...SMALL, '--target', 'csv', '--out', 'gen']).status).toBe(0);
    const db = new Database(join(dir, 'mine.db'));
    db.exec("CREATE TABLE my_analysis AS SELECT customer_id, 'note' AS note FROM customers");
    db.close();
    writeFileSync(join(dir, 'gen', 'customers.csv'), readFileSync(join(dir, 'gen', 'customers.csv'), 'utf8') + 'my,own,row\n');
    writeUserFiles(dir, {});
    const size = statSync(join(dir, 'mine.db')).size;
    const recorded = JSON.parse(readFileSync(join(dir, 'mine.db.synthgen-manifest.json'), 'utf8')).tables[0].files[0].bytes;
    const before = snapshot(dir);
    for (const force of [[], ['--force']]) {
      expectRefused(dir, before, runCli(dir, ['run', ...SMALL, '--out', 'mine.db', ...force]), `synthgen: mine.db is a synthgen sqlite output that changed since (${size.toLocaleString('en-US')} bytes, its manifest records ${recorded.toLocaleString('en-US')}); synthgen never replaces it, even with --force; choose another --out`);
      expectRefused(dir, before, runCli(dir, ['run', ...SMALL, '--target', 'csv', '--out', 'gen', ...force]), 'synthgen: gen is a synthgen csv output whose files changed since (customers.csv: not the size its manifest records); synthgen never replaces it, even with --force; choose another --out');
    }
  });

  it('csv: a project folder, a synthgen folder with a file added, a file, a csv output given to parquet: refused even with --force', () => {
    const dir = sandbox({
      'myproject/.git/HEAD': 'ref: refs/heads/main\n',
      'myproject/notes.md': 'my notes\n',
      'plain.csv': 'a,b\n1,2\n',
    });
    expect(runCli(dir, ['run', ...SMALL, '--target', 'csv', '--out', 'gen']).status).toBe(0);
    writeFileSync(join(dir, 'gen', 'analysis.ipynb'), '{"cells": []}\n');
    writeUserFiles(dir, {});
    const before = snapshot(dir);
    for (const force of [[], ['--force']]) {
      expectRefused(dir, before, runCli(dir, ['run', ...SMALL, '--target', 'csv', '--out', 'myproject', ...force]), 'synthgen: myproject is a folder holding files synthgen did not write (.git, notes.md); synthgen never replaces it, even with --force; choose another --out');
      expectRefused(dir, before, runCli(dir, ['run', ...SMALL, '--target', 'csv', '--out', 'gen', ...force]), 'synthgen: gen is a synthgen csv output with files synthgen did not write added to it (analysis.ipynb); synthgen never replaces it, even with --force; choose another --out');
      expectRefused(dir, before, runCli(dir, ['run', ...SMALL, '--target', 'csv', '--out', 'plain.csv', ...force]), 'synthgen: plain.csv is a file, not a folder; synthgen never replaces it, even with --force; choose another --out');
      rmSync(join(dir, 'gen', 'analysis.ipynb'));
      const withoutNotebook = snapshot(dir);
      expectRefused(dir, withoutNotebook, runCli(dir, ['run', ...SMALL, '--target', 'parquet', '--out', 'gen', ...force]), 'synthgen: gen is a synthgen csv output, not parquet; synthgen never replaces it, even with --force; choose another --out');
      writeFileSync(join(dir, 'gen', 'analysis.ipynb'), '{"cells": []}\n');
      writeUserFiles(dir, {});
    }
  });

  it('csv and parquet: an earlier synthgen folder (parts included) is replaced with --force', () => {
    const dir = sandbox();
    expect(runCli(dir, ['run', '--scenario', 'saas-churn', '--set', 'customers=300', '--target', 'parquet', '--out', 'raw']).status).toBe(0);
    expect(runCli(dir, ['run', ...SMALL, '--target', 'csv', '--out', 'out']).status).toBe(0);
    const forcedCsv = runCli(dir, ['run', ...SMALL, '--target', 'csv', '--out', 'out', '--seed', '9', '--force']);
    expect(forcedCsv.status).toBe(0);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['CATALOG.md', 'customers.csv', 'mrr_movements.csv', 'subscriptions.csv', 'synthgen-manifest.json']);
    expectManifestMatches(join(dir, 'out', 'synthgen-manifest.json'));
    const forcedParquet = runCli(dir, ['run', '--scenario', 'saas-churn', '--set', 'customers=300', '--target', 'parquet', '--out', 'raw', '--seed', '9', '--force']);
    expect(forcedParquet.status).toBe(0);
    expectManifestMatches(join(dir, 'raw', 'synthgen-manifest.json'));
    expect(leftovers(dir)).toEqual([]);
  });

  it('a FIFO, the current folder, its parent, home and /: refused even with --force', () => {
    const dir = sandbox({ 'work/keep.txt': 'keep\n' });
    const fifoDir = sandbox();
    expect(spawnSync('mkfifo', [join(fifoDir, 'pipe.db')]).status).toBe(0);
    const before = snapshot(dir);
    const work = join(dir, 'work');
    // cwd = dir/work, HOME = dir/home (a folder of its own)
    const env = { ...process.env, CI: '1', HOME: join(dir, 'work', 'home') };
    const run = (args: string[]) => {
      const r = spawnSync(process.execPath, [CLI, ...args], { cwd: work, env, encoding: 'utf8' });
      return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
    };
    mkdirSync(join(work, 'home'));
    writeUserFiles(dir, {});
    const withHome = snapshot(dir);
    for (const force of [[], ['--force']]) {
      // (a snapshot would block reading the FIFO: check it is still there, still a FIFO, alone)
      const fifo = run(['run', ...SMALL, '--out', join(fifoDir, 'pipe.db'), ...force]);
      expect([fifo.status, fifo.stdout, fifo.stderr]).toEqual([2, '', `synthgen: ${join(fifoDir, 'pipe.db')} is a named pipe (FIFO), not a SQLite database file; synthgen never replaces it, even with --force; choose another --out\n`]);
      expect(lstatSync(join(fifoDir, 'pipe.db')).isFIFO()).toBe(true);
      expect(readdirSync(fifoDir)).toEqual(['pipe.db']);
      expectRefused(dir, withHome, run(['run', ...SMALL, '--target', 'csv', '--out', '.', ...force]), 'synthgen: . is the current folder; synthgen never replaces it, even with --force; choose another --out');
      expectRefused(dir, withHome, run(['run', ...SMALL, '--target', 'csv', '--out', '..', ...force]), 'synthgen: .. is a parent of the current folder; synthgen never replaces it, even with --force; choose another --out');
      expectRefused(dir, withHome, run(['run', ...SMALL, '--target', 'csv', '--out', 'home', ...force]), 'synthgen: home is your home folder; synthgen never replaces it, even with --force; choose another --out');
      expectRefused(dir, withHome, run(['run', ...SMALL, '--target', 'csv', '--out', '/', ...force]), 'synthgen: / is the root folder; synthgen never replaces it, even with --force; choose another --out');
    }
    expect(before['work/keep.txt']).toEqual(withHome['work/keep.txt']);
  });
});

/** Starts the binary (not waiting); resolves with its result when it exits. */
function start(dir: string, args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env: { ...process.env, CI: '1', HOME: dir } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<CliResult>((resolve) => child.on('exit', (status, signal) => resolve({ status, signal, stdout, stderr })));
  const stderrSays = (what: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (what.test(stderr)) resolve();
        else if (child.exitCode !== null) reject(new Error(`exited before ${what}: ${stderr}`));
        else setTimeout(check, 10);
      };
      check();
    });
  return { child, done, stderrSays };
}

// Big enough to last a second or two on a loaded machine.
const LONG = ['--scenario', 'saas-churn', '--set', 'customers=20000'];

describe('the check holds at the moment of the swap', () => {
  it('a folder that appears under the final name during a csv run is kept; the run exits 2 and says where its output is', async () => {
    const dir = sandbox();
    const r = start(dir, ['run', ...LONG, '--target', 'csv', '--out', 'out']);
    await r.stderrSays(/usage_daily/);
    writeUserFiles(dir, { 'out/thesis.tex': '\\chapter{Mine}\n' });
    const theirs = snapshot(join(dir, 'out'));
    const res = await r.done;
    const beside = `out.synthgen-${r.child.pid}`;
    expect(res.status).toBe(2);
    expect(res.stderr.trimEnd().split('\n').at(-1)).toBe(`synthgen: out changed during the run: it is now a folder holding files synthgen did not write (thesis.tex), which was kept; this run's output is at ${beside}`);
    expect(snapshot(join(dir, 'out'))).toEqual(theirs);
    const manifest = JSON.parse(readFileSync(join(dir, beside, 'synthgen-manifest.json'), 'utf8'));
    expect(manifest.out).toBe(beside);
    expectManifestMatches(join(dir, beside, 'synthgen-manifest.json'));
    expect(leftovers(dir)).toEqual([]);
  });

  it('a file that appears under the final name during a sqlite run is kept byte for byte', async () => {
    const dir = sandbox();
    const r = start(dir, ['run', '--scenario', 'saas-metrics', '--set', 'customers=60000', '--out', 'x.db']);
    await r.stderrSays(/subscriptions/);
    writeUserFiles(dir, { 'x.db': 'mine, written during the run\n' });
    const res = await r.done;
    expect(res.status).toBe(2);
    expect(res.stderr.trimEnd().split('\n').at(-1)).toBe(`synthgen: x.db changed during the run: it is now a file that is not a SQLite database, which was kept; this run's output is at x.synthgen-${r.child.pid}.db`);
    expect(readFileSync(join(dir, 'x.db'), 'utf8')).toBe('mine, written during the run\n');
    expectManifestMatches(join(dir, `x.synthgen-${r.child.pid}.db.synthgen-manifest.json`));
    expect(leftovers(dir)).toEqual([]);
  });

  it('two concurrent runs with the same --out: one wins, the other says so', async () => {
    for (const force of [[], ['--force']]) {
      const dir = sandbox();
      const a = start(dir, ['run', ...LONG, '--target', 'csv', '--out', 'same', ...force]);
      await a.stderrSays(/customers/);
      const b = start(dir, ['run', ...LONG, '--target', 'csv', '--out', 'same', ...force]);
      const [ra, rb] = await Promise.all([a.done, b.done]);
      expect(ra.status).toBe(0);
      expect([rb.status, rb.stderr]).toEqual([2, `synthgen: another synthgen run (pid ${a.child.pid}) is writing same; wait for it to finish, or choose another --out\n`]);
      expectManifestMatches(join(dir, 'same', 'synthgen-manifest.json'));
      expect(leftovers(dir)).toEqual([]);
    }
  });
});

/** A pid that is surely not running: a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;

/** What a run killed while writing `names` (outputs in `dir`) leaves: a half-written temp folder and its lock each. Returns its pid. */
function killedRunLeftovers(dir: string, names: string[]): string {
  const dead = deadPid();
  for (const name of names) {
    mkdirSync(join(dir, `.synthgen-tmp-${name}-${dead}`));
    writeFileSync(join(dir, `.synthgen-tmp-${name}-${dead}`, 'customers.csv'), 'half a file');
    writeFileSync(join(dir, `.synthgen-lock-${name}`), `${dead}\n`);
  }
  return dead;
}

describe('a killed run', () => {
  it('never leaves an output without its manifest, and its leftovers go with the next run into the same place', async () => {
    const dir = sandbox();
    // SIGKILL at spread-out moments of a csv run and a sqlite run: whatever is under the final name is complete.
    for (const [target, out] of [['csv', 'k'], ['sqlite', 'k.db']] as const) {
      for (const delay of [150, 400, 700, 1000, 1400]) {
        const r = start(dir, ['run', '--scenario', 'saas-metrics', '--set', 'customers=3000', '--target', target, '--out', out, '--force']);
        await new Promise((res) => setTimeout(res, delay));
        r.child.kill('SIGKILL');
        await r.done;
        if (existsSync(join(dir, out))) expectManifestMatches(target === 'csv' ? join(dir, out, 'synthgen-manifest.json') : join(dir, `${out}.synthgen-manifest.json`));
      }
      const again = runCli(dir, ['run', '--scenario', 'saas-metrics', '--set', 'customers=3000', '--target', target, '--out', out, '--force']);
      expect(again.status).toBe(0);
      expect(leftovers(dir)).toEqual([]);
    }
  });

  it('a refused run still removes what a killed run left beside the output', () => {
    const dir = sandbox();
    expect(runCli(dir, ['run', ...SMALL, '--target', 'csv', '--out', 'out']).status).toBe(0);
    const old = snapshot(join(dir, 'out'));
    killedRunLeftovers(dir, ['out']);
    const r = runCli(dir, ['run', ...SMALL, '--target', 'csv', '--out', 'out']);
    expect([r.status, r.stderr]).toEqual([2, 'synthgen: out already exists (a synthgen csv output of 3 files); pass --force to replace it, or choose another --out\n']);
    expect(snapshot(join(dir, 'out'))).toEqual(old);
    expect(leftovers(dir)).toEqual([]);
  });

  it('run --pipeline refused by an existing layer still removes every dead-run leftover (raw and each layer)', () => {
    const dir = sandbox();
    const args = ['run', '--scenario', 'saas-churn', '--set', 'customers=300', '--pipeline', '--out', 'data/raw'];
    expect(runCli(dir, args).status).toBe(0);
    killedRunLeftovers(join(dir, 'data'), ['raw', 'staging', 'analytics']);
    const r = runCli(dir, args);
    expect([r.status, r.stderr]).toEqual([2, 'synthgen: data/staging already exists (a synthgen parquet output of 4 files); pass --force to replace it, or choose another --out\n']);
    expect(leftovers(dir)).toEqual([]);
  });

  it('the lock is held until the process that committed exits: an overlapping run is refused even after that commit', async () => {
    const dir = sandbox();
    expect(runCli(dir, ['run', ...SMALL, '--target', 'csv', '--out', 'out']).status).toBe(0);
    // A process that claims and commits `out` (as a run does), then waits before exiting.
    const script = `
      const { OutputClaim } = await import(${JSON.stringify(join(REPO_ROOT, 'dist/src/sinks/output.js'))});
      const { mkdirSync } = await import('node:fs');
      const claim = OutputClaim.take({ out: 'out', target: 'csv', force: true });
      mkdirSync(claim.temp);
      claim.commit(() => JSON.stringify({ synthgen: 'test', target: 'csv', out: 'out', tables: [] }));
      claim.release();
      process.stdout.write('committed\\n');
      process.stdin.resume();
      process.stdin.on('end', () => process.exit(0));`;
    const holder = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, stdio: ['pipe', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    const refused = runCli(dir, ['run', ...SMALL, '--target', 'csv', '--out', 'out', '--force']);
    expect([refused.status, refused.stderr]).toEqual([2, `synthgen: another synthgen run (pid ${holder.pid}) is writing out; wait for it to finish, or choose another --out\n`]);
    holder.stdin.end();
    await new Promise((resolve) => holder.on('exit', resolve));
    expect(leftovers(dir)).toEqual([]);
    expect(runCli(dir, ['run', ...SMALL, '--target', 'csv', '--out', 'out', '--force']).status).toBe(0);
  });

  it('an old output left only under .synthgen-old-* by a run killed mid-swap is put back', () => {
    const dir = sandbox();
    expect(runCli(dir, ['run', ...SMALL, '--target', 'csv', '--out', 'out']).status).toBe(0);
    const old = snapshot(join(dir, 'out'));
    const dead = killedRunLeftovers(dir, ['out']);
    spawnSync('mv', [join(dir, 'out'), join(dir, `.synthgen-old-out-${dead}`)]);
    const r = runCli(dir, ['run', ...SMALL, '--target', 'csv', '--out', 'out']);
    // Put back, then (no --force) refused like any existing output.
    expect([r.status, r.stderr]).toEqual([2, 'synthgen: out already exists (a synthgen csv output of 3 files); pass --force to replace it, or choose another --out\n']);
    expect(snapshot(join(dir, 'out'))).toEqual(old);
    expect(leftovers(dir)).toEqual([]);
  });
});

describe('free space', () => {
  it('refuses a run that clearly cannot fit, before any work, with the estimate and the free space', () => {
    const dir = sandbox();
    const small = join(dir, 'small');
    mkdirSync(small);
    // A 20 MB filesystem where it can be mounted (root), else /dev/shm with a far larger run.
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=20m', 'tmpfs', small]).status === 0;
    try {
      const where = mounted ? small : '/dev/shm';
      const args = mounted ? ['--scenario', 'saas-metrics', '--set', 'customers=200000'] : ['--scenario', 'saas-churn', '--set', 'customers=50000000'];
      const out = join(where, `synthgen-space-${process.pid}`);
      const r = runCli(dir, ['run', ...args, '--target', 'csv', '--out', out]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^synthgen: ${out} needs an estimated [\\d.]+ [GM]B \\(at least [\\d.]+ [GM]B\\) but ${where} has [\\d.]+ [GM]B free; free some space, choose another --out, or generate less\\n$`));
      expect(existsSync(out)).toBe(false);
      if (mounted) {
        expect(readdirSync(small)).toEqual([]);
        // A run that fits still works there.
        expect(runCli(dir, ['run', ...SMALL, '--target', 'csv', '--out', join(small, 'fits')]).status).toBe(0);
      }
    } finally {
      if (mounted) spawnSync('umount', [small]);
    }
  });
});

describe('a disk that fills up during the run', () => {
  it.runIf(process.getuid?.() === 0)('transform into a full disk: one line, exit 2, no lock or layer left', () => {
    const dir = sandbox();
    expect(runCli(dir, ['run', '--scenario', 'saas-churn', '--set', 'customers=300', '--target', 'parquet', '--out', 'raw']).status).toBe(0);
    const full = join(dir, 'full');
    mkdirSync(full);
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', full]).status, 'mount a tmpfs').toBe(0);
    try {
      spawnSync('dd', ['if=/dev/zero', `of=${join(full, 'filler')}`, 'bs=64k']); // until the disk is full
      const r = runCli(dir, ['transform', '--in', 'raw', '--out', full]);
      expect([r.status, r.stderr.trimEnd().split('\n').at(-1)]).toEqual([2, 'synthgen: the disk filled up while writing (ENOSPC); nothing was left under the output name; free some space or choose another --out']);
      expect(readdirSync(full)).toEqual(['filler']);
    } finally {
      spawnSync('umount', [full]);
    }
  });

  // Needs root to mount a small filesystem (CI here runs as root).
  it.runIf(process.getuid?.() === 0)('ends with one line and exit 2, and removes everything the run wrote', () => {
    const dir = sandbox();
    const small = join(dir, 'small');
    mkdirSync(small);
    // Root can mount a 4 MB filesystem (CI runs as root); 3 MB free passes the
    // pre-flight (about 3.7 MB estimated, 2.6 MB sure) but not the write (3.3 MB).
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', small]).status, 'mount a tmpfs').toBe(0);
    try {
      writeFileSync(join(small, 'filler'), Buffer.alloc(1_000_000));
      const r = runCli(dir, ['run', '--scenario', 'saas-metrics', '--set', 'customers=19000', '--target', 'csv', '--out', join(small, 'o')]);
      expect(r.status).toBe(2);
      expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('synthgen: the disk filled up while writing (ENOSPC); nothing was left under the output name; free some space or choose another --out');
      expect(readdirSync(small)).toEqual(['filler']);
    } finally {
      spawnSync('umount', [small]);
    }
  });
});
