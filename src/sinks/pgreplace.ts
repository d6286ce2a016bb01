// What a PostgreSQL load would replace in the target schema, and what else
// depends on it. --force drops only the tables it replaces, never with CASCADE:
// a view, foreign key or anything else outside them that depends on one of them
// makes the run refuse instead.
import type pg from 'pg';
import { UserError } from '../errors.js';

export interface Existing {
  name: string;
  /** The relation's oid, as text: a different oid at the swap means someone replaced it meanwhile. */
  oid: string;
  /** pg_class.relkind: r table, p partitioned table, v view, m materialized view, f foreign table, ... */
  kind: string;
  /** This user may drop it (owns it or is a member of the owning role). */
  owned: boolean;
  /** The table's comment: synthgen marks every table it loads (SYNTHGEN_MARK). */
  comment: string | null;
}

/** How every table synthgen loads is commented: what --force recognises as an earlier synthgen output. */
export const SYNTHGEN_MARK = 'synthgen:';
export const markOf = (version: string) => `${SYNTHGEN_MARK} loaded by synthgen ${version}; synthgen run --force may replace this table`;
/** How every view synthgen makes over its tables is commented (the same mark). */
export const viewComment = (version: string) => `${SYNTHGEN_MARK} made by synthgen ${version} over the tables it loaded; synthgen run --force may replace this view`;
/** A loaded table's comment: the mark first (what --force looks for), then what the table holds. */
export const tableComment = (version: string, description: string) => (description ? `${markOf(version)}. ${description}` : markOf(version));

const KINDS: Record<string, string> = { r: 'a table', p: 'a partitioned table', v: 'a view', m: 'a materialized view', f: 'a foreign table', S: 'a sequence', i: 'an index', I: 'an index', c: 'a composite type' };

/** Relations in `schema` under the names the load will use. */
export async function existingRelations(db: pg.Client, schema: string, names: string[]): Promise<Existing[]> {
  const r = await db.query(
    `SELECT c.relname AS name, c.oid::text AS oid, c.relkind AS kind, pg_has_role(c.relowner, 'USAGE') AS owned,
            obj_description(c.oid, 'pg_class') AS comment
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = ANY($2) ORDER BY c.relname`,
    [schema, names],
  );
  return r.rows as Existing[];
}

/**
 * Refuses anything there that is not a table (or, under the names in `views`, a
 * view) synthgen made and this user may replace.
 */
export function refuseUnreplaceable(schema: string, existing: Existing[], views: ReadonlySet<string> = new Set()): void {
  const other = existing.find((e) => (views.has(e.name) ? e.kind !== 'v' : e.kind !== 'r' && e.kind !== 'p'));
  if (other) {
    const what = views.has(other.name) ? 'views it made' : 'tables it loaded';
    throw new UserError(`${schema}.${other.name} is ${KINDS[other.kind] ?? 'not a table'}; synthgen replaces only ${what}: drop it yourself or choose another --schema`);
  }
  const unmarked = existing.find((e) => !(e.comment ?? '').startsWith(SYNTHGEN_MARK));
  if (unmarked) {
    const what = unmarked.kind === 'v' ? 'a view synthgen did not make' : 'a table synthgen did not load';
    throw new UserError(`${schema}.${unmarked.name} is ${what} (no "${SYNTHGEN_MARK}" comment on it); synthgen never replaces it, even with --force; choose another --schema`);
  }
  const foreign = existing.find((e) => !e.owned);
  if (foreign) throw new UserError(`${schema}.${foreign.name} belongs to another role, so this user cannot replace it; ask its owner or choose another --schema`);
}

export interface Dependent {
  table: string;
  what: string;
}

/**
 * Objects outside the replaced tables (and synthgen's views over them) that
 * depend on them (pg_depend, normal dependencies: views and materialized views
 * through their rewrite rule, foreign keys of other tables, columns of the
 * tables' row types, policies...). Dependencies among the replaced relations
 * themselves go with them.
 */
export async function dependents(db: pg.Client, schema: string, names: string[]): Promise<Dependent[]> {
  const r = await db.query(
    `WITH t AS (
       SELECT c.oid, c.reltype, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = ANY($2) AND c.relkind IN ('r', 'p', 'v')
     ), d AS (
       SELECT DISTINCT t.relname, dep.classid, dep.objid, dep.objsubid
         FROM pg_depend dep JOIN t ON (dep.refclassid = 'pg_class'::regclass AND dep.refobjid = t.oid)
                                   OR (dep.refclassid = 'pg_type'::regclass AND dep.refobjid = t.reltype)
        WHERE dep.deptype = 'n'
     ), owner AS (
       SELECT d.*, CASE d.classid
           WHEN 'pg_rewrite'::regclass THEN (SELECT ev_class FROM pg_rewrite WHERE oid = d.objid)
           WHEN 'pg_constraint'::regclass THEN (SELECT conrelid FROM pg_constraint WHERE oid = d.objid)
           WHEN 'pg_class'::regclass THEN d.objid
         END AS rel
         FROM d
     )
     SELECT o.relname AS "table", COALESCE(
         CASE o.classid
           WHEN 'pg_rewrite'::regclass THEN
             (SELECT CASE v.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || quote_ident(vn.nspname) || '.' || quote_ident(v.relname)
                FROM pg_class v JOIN pg_namespace vn ON vn.oid = v.relnamespace WHERE v.oid = o.rel)
           WHEN 'pg_constraint'::regclass THEN
             (SELECT CASE con.contype WHEN 'f' THEN 'foreign key ' ELSE 'constraint ' END || quote_ident(con.conname) || ' of ' || quote_ident(cn.nspname) || '.' || quote_ident(cc.relname)
                FROM pg_constraint con JOIN pg_class cc ON cc.oid = con.conrelid JOIN pg_namespace cn ON cn.oid = cc.relnamespace WHERE con.oid = o.objid)
         END,
         pg_describe_object(o.classid, o.objid, o.objsubid)) AS what
       FROM owner o
      WHERE o.rel IS NULL OR o.rel NOT IN (SELECT oid FROM t)
      ORDER BY 1, 2`,
    [schema, names],
  );
  // A view that reads a table several times shows up once.
  const seen = new Set<string>();
  return (r.rows as Dependent[]).filter((d) => !seen.has(d.table + '\0' + d.what) && seen.add(d.table + '\0' + d.what));
}

/** One line naming every dependent, e.g. "cannot replace raw.customers: view public.v depends on it; drop it first ...". */
export function dependentsError(schema: string, found: Dependent[]): UserError {
  const tables = [...new Set(found.map((d) => d.table))];
  const many = found.length > 1;
  const what =
    tables.length === 1
      ? `${found.map((d) => d.what).join(', ')} ${many ? 'depend' : 'depends'} on it`
      : found.map((d) => `${d.what} depends on ${schema}.${d.table}`).join(', ');
  return new UserError(`cannot replace ${tables.map((t) => `${schema}.${t}`).join(', ')}: ${what}; drop ${many ? 'them' : 'it'} first or choose another --schema`);
}
