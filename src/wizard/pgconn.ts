// The wizard's PostgreSQL connection: host, port, database and user as fields of
// one URL (the profile's `url` key, never with a password) plus the schema. The
// URL is the truth, so anything else it carries (?sslmode=require) is kept.
import { userInfo } from 'node:os';
import { checkWhole } from '../engine/params.js';
import { schemaProblem } from '../commands/destination.js';
import { withoutPassword } from '../sinks/pgurl.js';

export const CONN_FIELDS = ['host', 'port', 'database', 'user', 'schema'] as const;
export type ConnField = (typeof CONN_FIELDS)[number];

export const DEFAULT_SCHEMA = 'raw';

const loginName = (): string => {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
};

/** Whom node-postgres connects as when nothing says: PGUSER, else the login (as `synthgen run` without --url). */
export function defaultUser(env: NodeJS.ProcessEnv = process.env): string {
  return env.PGUSER || (process.platform === 'win32' ? env.USERNAME : env.USER) || loginName();
}

/** A host as it goes into a URL: a socket folder percent-encoded, an IPv6 address in brackets. */
const hostPart = (host: string) => (host.startsWith('/') ? encodeURIComponent(host) : host.includes(':') ? `[${host}]` : host);

/** The URL `synthgen run` would connect to without --url: the PG* variables, else localhost:5432 as the login. */
export function defaultUrl(env: NodeJS.ProcessEnv = process.env): string {
  const user = defaultUser(env);
  const database = env.PGDATABASE || user;
  return `postgres://${encodeURIComponent(user)}@${hostPart(env.PGHOST || 'localhost')}:${env.PGPORT || '5432'}/${encodeURIComponent(database)}`;
}

/** The fields of a connection URL, as the wizard shows them ('' where the URL leaves one to the PG* defaults). */
export function fieldsOf(url: string): Record<Exclude<ConnField, 'schema'>, string> {
  try {
    const u = new URL(url);
    return {
      host: decodeURIComponent(u.hostname).replace(/^\[(.*)\]$/, '$1'),
      port: u.port || (u.hostname ? '5432' : ''),
      database: decodeURIComponent(u.pathname.replace(/^\//, '')),
      user: decodeURIComponent(u.username),
    };
  } catch {
    return { host: '', port: '', database: '', user: '' };
  }
}

/** Why `raw` cannot be this field's value (the CLI's words where the CLI checks the same), or null. */
export function connProblem(name: ConnField, raw: string): string | null {
  const v = raw.trim();
  switch (name) {
    case 'schema':
      return schemaProblem(v, 'schema');
    case 'port': {
      const r = checkWhole('port', v, 1, 65535);
      return 'error' in r ? r.error : null;
    }
    case 'host':
      if (v === '' || (!v.startsWith('/') && /[\s/@?#]/.test(v))) return `host must be a host name, an IP address or a socket folder, got ${JSON.stringify(raw)}`;
      return null;
    default:
      return v === '' ? `${name} is empty; type the PostgreSQL ${name} name` : null;
  }
}

/** The URL with one field changed (schema is not part of it). */
export function withField(url: string, name: Exclude<ConnField, 'schema'>, raw: string): string {
  const v = raw.trim();
  let u: URL;
  try {
    u = new URL(withoutPassword(url));
  } catch {
    u = new URL(defaultUrl());
  }
  // A URL that left a part to the PG* variables gets it filled now: the form shows every field.
  const have = fieldsOf(u.toString());
  const at = { ...have, host: have.host || 'localhost', port: have.port || '5432', [name]: v };
  const rebuilt = new URL(`postgres://${encodeURIComponent(at.user)}@${hostPart(at.host)}:${at.port}/${encodeURIComponent(at.database)}`);
  rebuilt.search = u.search;
  return rebuilt.toString().replace(/^postgres:\/\/@/, 'postgres://');
}

/** Where a PostgreSQL run goes, as the CLI's summary says it: the URL without a password, and the schema. */
export function pgDestination(url: string, schema: string): string {
  return `${withoutPassword(url)} schema ${schema}`;
}
