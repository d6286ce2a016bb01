// The wizard's connection test before a PostgreSQL run: connects as the run
// will (URL, PG* variables, ~/.pgpass, or the password typed at the prompt),
// and looks at the target schema the way the load does first, so every
// refusal the run would give comes now, on the step that can fix it.
import pg from 'pg';
import { UserError } from '../errors.js';
import { explainPgError, isMissingPassword, missingPasswordError } from '../sinks/pgerrors.js';
import { existingRelations, refuseUnreplaceable } from '../sinks/pgreplace.js';
import { safeUrl } from '../sinks/pgurl.js';

export type Probe =
  /** Connected; `existing` lists the tables of the run's names already in the schema (all loaded by synthgen). */
  | { kind: 'ok'; existing: string[] }
  /** The server asks for a password it did not get, or refused the one it got. */
  | { kind: 'password'; message: string }
  /** Anything else, as one line. */
  | { kind: 'error'; message: string };

const CONNECT_TIMEOUT_MS = 10_000;

export async function probePostgres(url: string, password: string | null, schema: string, tables: string[]): Promise<Probe> {
  const client = new pg.Client({ connectionString: url, application_name: 'synthgen', connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // Set after construction: a password beside connectionString is overridden by the URL's (none).
  if (password !== null) client.password = password;
  client.on('error', () => {}); // a connection dropped after the test is no concern of the test
  try {
    try {
      await client.connect();
    } catch (e) {
      const err = e as Error & { code?: string };
      if (isMissingPassword(err, client.password)) return { kind: 'password', message: missingPasswordError(client.host, client.port, client.user ?? '').message };
      if (err.code === '28P01') return { kind: 'password', message: explainPgError(err, url, schema).message };
      if (/timeout/i.test(err.message)) return { kind: 'error', message: `cannot reach PostgreSQL at ${safeUrl(url)} (no answer in ${CONNECT_TIMEOUT_MS / 1000} s); start the server or fix --url` };
      return { kind: 'error', message: explainPgError(err, url, schema).message };
    }
    const existing = await existingRelations(client, schema, tables);
    refuseUnreplaceable(schema, existing);
    // The swap needs CREATE on the schema (or on the database, to make it): the load's own check.
    const r = await client.query(
      `SELECT CASE WHEN n.oid IS NULL THEN has_database_privilege(current_database(), 'CREATE') ELSE has_schema_privilege(n.oid, 'CREATE') END AS ok
         FROM (SELECT 1) one LEFT JOIN pg_namespace n ON n.nspname = $1`,
      [schema],
    );
    if (!r.rows[0].ok) {
      return { kind: 'error', message: `permission denied on schema ${schema} at ${safeUrl(url)} (this user may not create tables there); grant CREATE to this user or choose another --schema` };
    }
    return { kind: 'ok', existing: tables.filter((t) => existing.some((e) => e.name === t)) }; // in load order
  } catch (e) {
    return { kind: 'error', message: e instanceof UserError ? e.message : explainPgError(e, url, schema).message };
  } finally {
    await client.end().catch(() => {});
  }
}
