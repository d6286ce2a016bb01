// PostgreSQL failures a user can act on, each turned into one line (UserError, exit 2).
import { UserError } from '../errors.js';
import { safeUrl } from './pgurl.js';

type PgError = Error & { code?: string };

/** The connection itself failed or was closed: by the server, an administrator or the network. */
export function isLostConnection(e: unknown): boolean {
  const err = e as PgError;
  return (
    ['57P01', '57P02', '57P03', 'ECONNRESET', 'EPIPE'].includes(err?.code ?? '') ||
    /Connection terminated|connection (is )?(closed|lost)|not queryable|server closed the connection/i.test(err?.message ?? '')
  );
}

/** node-postgres had no password to answer the server's challenge with. */
export function isMissingPassword(e: unknown, password: unknown): boolean {
  if (typeof password === 'string' && password !== '') return false;
  const err = e as PgError;
  // SCRAM: "client password must be a string"; MD5: a TypeError from hashing nothing; cleartext: 28P01.
  return /client password must be a|password must be a string|no password supplied/i.test(err?.message ?? '') || err instanceof TypeError || err?.code === '28P01';
}

export function missingPasswordError(host: string, port: number, user: string): UserError {
  const at = port && port !== 5432 && !host.startsWith('/') ? `${host}:${port}` : host;
  return new UserError(`PostgreSQL at ${at} asks for a password for user ${user}: set PGPASSWORD or add it to ~/.pgpass`);
}

/** Connects `client`; a server asking for a password the client lacks becomes the one line that says how to give it. */
export async function connectOrExplain(client: { connect(): Promise<unknown>; password?: unknown; host: string; port: number; user?: string }): Promise<void> {
  try {
    await client.connect();
  } catch (e) {
    if (isMissingPassword(e, client.password)) throw missingPasswordError(client.host, client.port, client.user ?? '');
    throw e;
  }
}

export function lostConnectionError(e: unknown, url: string | undefined): UserError {
  // The server's own words when it sent any (pg_terminate_backend, a shutdown), not a socket's EPIPE.
  const err = e as PgError;
  const fromServer = /^(57P|08)/.test(err?.code ?? '') && !err.message.startsWith('write ');
  const why = fromServer ? err.message.split('\n')[0] : 'the server or the network closed it';
  return new UserError(`lost the connection to PostgreSQL at ${safeUrl(url)} during the load (${why}); nothing was committed, the tables there are as they were`);
}

/** One clear line for the failures a user can fix; anything else unchanged. */
export function explainPgError(e: unknown, url: string | undefined, schema: string): Error {
  if (e instanceof UserError) return e;
  const err = e as PgError;
  const where = safeUrl(url);
  if (isLostConnection(err)) return lostConnectionError(err, url);
  switch (err.code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
      return new UserError(`cannot reach PostgreSQL at ${where} (${err.code === 'ENOTFOUND' ? 'unknown host' : 'connection refused'}); start the server or fix --url`);
    case '28P01':
    case '28000':
      return new UserError(`PostgreSQL authentication failed for ${where}; give the password with PGPASSWORD or ~/.pgpass (never in a profile) and check the user`);
    case '3D000':
      return new UserError(`${err.message} on ${where}; create it (createdb) or fix --url`);
    case '42501':
      return new UserError(`permission denied on schema ${schema} at ${where} (${err.message}); grant CREATE to this user or choose another --schema`);
    default:
      return err;
  }
}
