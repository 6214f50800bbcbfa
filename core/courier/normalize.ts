/**
 * The one normalization of raw courier statuses: upper case, spaces and hyphens to underscores, any
 * other punctuation dropped, runs of underscores collapsed. "Out-for delivery!" → "OUT_FOR_DELIVERY".
 */
export function normalizeStatus(raw: string): string {
  return raw
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_')
    .replace(/[^A-Z0-9_]/g, '')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
}
