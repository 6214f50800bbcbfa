import { ObjectId, type Document, type Filter } from 'mongodb';

/** The metadata key under which a shipment remembers the order document it came from. */
export const ORDER_REF_KEY = 'ordersMongo';

/**
 * Enough to find the order again (its `_id`, which JSON metadata cannot hold as an ObjectId) and to make
 * sure it still carries this shipment's tracking number (a rebooked order gets a new one).
 */
export interface OrderRef {
  id: string;
  idType: 'objectId' | 'string' | 'number';
  selector: string;
  trackingField: string;
  trackingValue: string | number;
}

/** A dotted path's value in a document (`isBooked.timestamp`). */
export function valueAt(doc: Document, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The tracking number a field holds, trimmed; null when absent or empty. Numbers are accepted. */
export function trackingNumberIn(doc: Document, field: string): { number: string; raw: string | number } | null {
  const raw = valueAt(doc, field);
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const number = String(raw).trim();
  return number === '' ? null : { number, raw };
}

function isObjectId(value: unknown): value is ObjectId {
  return (value as { _bsontype?: unknown } | null)?._bsontype === 'ObjectId';
}

export function orderRef(doc: Document, selector: string, trackingField: string, trackingValue: string | number): OrderRef | null {
  const id: unknown = doc._id;
  const base = { selector, trackingField, trackingValue };
  if (isObjectId(id)) return { id: id.toHexString(), idType: 'objectId', ...base };
  if (typeof id === 'string') return { id, idType: 'string', ...base };
  if (typeof id === 'number') return { id: String(id), idType: 'number', ...base };
  return null;
}

export function documentId(ref: OrderRef): ObjectId | string | number {
  if (ref.idType === 'objectId') return new ObjectId(ref.id);
  return ref.idType === 'number' ? Number(ref.id) : ref.id;
}

/** The order a shipment came from, if it came from this plugin. */
export function readOrderRef(metadata: Record<string, unknown> | null | undefined): OrderRef | null {
  const ref = metadata?.[ORDER_REF_KEY] as Partial<OrderRef> | undefined;
  if (!ref || typeof ref !== 'object') return null;
  if (typeof ref.id !== 'string' || !['objectId', 'string', 'number'].includes(ref.idType as string)) return null;
  if (typeof ref.selector !== 'string' || typeof ref.trackingField !== 'string') return null;
  if (typeof ref.trackingValue !== 'string' && typeof ref.trackingValue !== 'number') return null;
  if (ref.idType === 'objectId' && !ObjectId.isValid(ref.id)) return null;
  return ref as OrderRef;
}

/** Matches the order only while it still carries the shipment's tracking number. */
export function orderFilter(ref: OrderRef): Filter<Document> {
  return { _id: documentId(ref), [ref.trackingField]: ref.trackingValue } as Filter<Document>;
}
