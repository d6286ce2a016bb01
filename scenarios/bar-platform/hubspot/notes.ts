export const HUBSPOT_NOTES: string[] = [];
