// Column and key helpers shared by the HubSpot tables: the connector's own
// columns (_fivetran_synced, _fivetran_deleted), foreign keys by table, and when
// a row was last synced.
import type { Column, ForeignKey, LogicalType } from '../../../src/engine/model.js';
import { HOUR } from '../time.js';

export const col = (name: string, type: LogicalType, description: string, more: Partial<Column> = {}): Column => ({ name, type, description, ...more });
export const id = (name: string, description: string, more: Partial<Column> = {}) => col(name, 'bigint', description, more);
export const ts = (name: string, description: string, nullable = false) => col(name, 'timestamp', description, nullable ? { nullable } : {});
export const text = (name: string, description: string, values?: readonly string[], nullable = false) => col(name, 'text', description, { ...(values ? { values: [...values] } : {}), ...(nullable ? { nullable } : {}) });
export const bool = (name: string, description: string) => col(name, 'boolean', description);

export const SYNCED = ts('_fivetran_synced', "when the connector last wrote the row: the first 6-hourly sync after the row's latest change (before as_of)");
export const DELETED = bool('_fivetran_deleted', 'deleted in HubSpot since the last sync: always false here');

export const fk = (column: string, table: string, parentColumn: string): ForeignKey => ({ columns: [column], references: { table, columns: [parentColumn] } });

/** Fivetran syncs every 6 hours: a row is written 7 minutes into the first sync after its latest change, and never on or after as_of. */
export const SYNC_EVERY = 6 * HOUR;
export function syncedAfter(t: number, end: number): number {
  return Math.min(end - 1, Math.max(t, (Math.floor(t / SYNC_EVERY) + 1) * SYNC_EVERY + 420));
}

/** "{c}" in a phrase becomes the company's name. */
export const fill = (phrase: string, company: string) => phrase.replace('{c}', company);
