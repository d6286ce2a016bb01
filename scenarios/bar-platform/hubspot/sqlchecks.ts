export const HUBSPOT_SQL_CHECKS: { name: string; sql: string }[] = [];
