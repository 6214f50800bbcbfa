/**
 * Names of a sealed spool file and of the object it becomes. Both carry the time the spool was sealed
 * and the id of its first run, so retrying an upload writes the same key again (no second object), and
 * keys sort by time within a courier.
 *
 * The time is ISO 8601 in its basic format, to the millisecond (`20260501T100000.000Z`): AWS lists `:`
 * among the characters in object keys that may need special handling.
 */

const SEALED = /^uploading-(\d{8}T\d{6}\.\d{3}Z)-([A-Za-z0-9._-]+)\.ndjson$/;

export interface SealedName {
  /** e.g. `20260501T100000.000Z` */
  sealedAt: string;
  firstRunId: string;
}

/** `2026-05-01T10:00:00.123Z` → `20260501T100000.123Z` */
export function basicIsoTime(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '');
}

/** Only characters that are safe in a file name and an object key. */
export function safeSegment(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_') || '_';
}

export function sealedFileName(name: SealedName): string {
  return `uploading-${name.sealedAt}-${safeSegment(name.firstRunId)}.ndjson`;
}

export function parseSealedFileName(file: string): SealedName | null {
  const match = SEALED.exec(file);
  return match ? { sealedAt: match[1]!, firstRunId: match[2]! } : null;
}

/** `<prefix><courier>/<sealed at>-<first run id>.ndjson` */
export function objectKey(prefix: string, courier: string, name: SealedName): string {
  return `${prefix}${courier}/${name.sealedAt}-${safeSegment(name.firstRunId)}.ndjson`;
}
