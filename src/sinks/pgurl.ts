// PostgreSQL connection URLs as synthgen shows and stores them: never with a
// password, whether it came as postgres://user:pw@host or as ?password=pw.

/** Query parameters that carry a secret (libpq's and node-postgres's names). */
const SECRET_PARAMS = ['password', 'sslpassword'];

/** True when the URL itself carries a password, in either form. */
export function urlHasPassword(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.password !== '' || SECRET_PARAMS.some((p) => u.searchParams.has(p));
  } catch {
    return /:[^:@/]*@/.test(url) || /[?&](ssl)?password=/i.test(url);
  }
}

/** The URL without any password; unchanged when it has none. */
export function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (!urlHasPassword(url)) return url;
    u.password = '';
    for (const p of SECRET_PARAMS) u.searchParams.delete(p);
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, '@').replace(/([?&])(ssl)?password=[^&]*&?/gi, '$1').replace(/[?&]$/, '');
  }
}

/** The URL for summaries, the manifest and error lines: the PG* variables when there is none. */
export function safeUrl(url: string | undefined): string {
  if (!url) {
    const env = process.env;
    return `postgres://${env.PGUSER ?? ''}@${env.PGHOST ?? 'localhost'}:${env.PGPORT ?? '5432'}/${env.PGDATABASE ?? env.PGUSER ?? ''}`;
  }
  return withoutPassword(url);
}

/** One warning line for a password given on the command line (any user can read the process list). */
export const URL_PASSWORD_WARNING =
  'synthgen: warning: the password in --url is visible to other users of this machine in the process list for the whole run; set PGPASSWORD or add it to ~/.pgpass instead\n';
