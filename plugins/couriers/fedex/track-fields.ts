import { isObject, text, type Json } from 'waybill';

/** A FedEx time with its offset ("2024-08-20T12:41:57-04:00"); a time without one cannot be placed, so none. */
export function zonedTime(value: unknown): string | undefined {
  const raw = text(value);
  if (raw === undefined || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(raw)) return undefined;
  return Number.isNaN(Date.parse(raw)) ? undefined : raw;
}

/** "CLOVIS, CA, US" from a FedEx address (scanLocation, …). */
export function place(address: unknown): string | undefined {
  if (!isObject(address)) return undefined;
  const parts = [text(address.city), text(address.stateOrProvinceCode), text(address.countryCode)].filter((p): p is string => p !== undefined);
  return parts.length ? parts.join(', ') : undefined;
}

export const objects = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);

/**
 * `additionalTrackingInfo.packageIdentifiers[]` as type → values. Live answers write `values` [code]; the
 * OpenAPI schema writes `value` (an array) [doc], and some clients a single string.
 */
export function packageIdentifiers(trackResult: Json): Map<string, string[]> {
  const info = isObject(trackResult.additionalTrackingInfo) ? trackResult.additionalTrackingInfo : {};
  const byType = new Map<string, string[]>();
  for (const id of objects(info.packageIdentifiers)) {
    const type = text(id.type);
    const raw = id.values ?? id.value;
    const values = (Array.isArray(raw) ? raw : [raw]).map(text).filter((v): v is string => v !== undefined);
    if (type && values.length) byType.set(type, [...(byType.get(type) ?? []), ...values]);
  }
  return byType;
}

/** The time of a track result's newest scan (for choosing among duplicates), or -∞. */
export function newestScanTime(trackResult: Json): number {
  const times = objects(trackResult.scanEvents).map((e) => Date.parse(zonedTime(e.date) ?? ''));
  return Math.max(Number.NEGATIVE_INFINITY, ...times.filter((t) => !Number.isNaN(t)));
}
