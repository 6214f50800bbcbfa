import { MongoBulkWriteError, type Filter } from 'mongodb';
import { assertOrderIdKept } from '../../shipment/registration.js';
import type { RegisterOutcome } from '../port.js';
import type { ShipmentInput } from '../types.js';
import type { MongoContext } from './collections.js';
import { toShipment, type ShipmentDoc } from './documents.js';
import { newId } from '../ids.js';
import { newShipmentDoc, refreshed } from './shipment-writes.js';

const keyOf = (courier: string, trackingNumber: string) => JSON.stringify([courier, trackingNumber]);

/** Rejects the whole batch before anything is written, naming the first bad field. */
export function validateInputs(inputs: readonly ShipmentInput[]): void {
  if (!Array.isArray(inputs)) throw new TypeError('registerShipments: inputs must be an array');
  inputs.forEach((input: unknown, i) => {
    const at = `registerShipments: inputs[${i}]`;
    if (typeof input !== 'object' || input === null) throw new TypeError(`${at} must be an object`);
    const o = input as Record<string, unknown>;
    for (const field of ['courier', 'trackingNumber'] as const) {
      if (typeof o[field] !== 'string' || o[field] === '') throw new TypeError(`${at}.${field} must be a non-empty string`);
    }
    for (const field of ['orderId', 'reference'] as const) {
      if (o[field] !== undefined && o[field] !== null && typeof o[field] !== 'string') throw new TypeError(`${at}.${field} must be a string or null`);
    }
    if (o.origin !== undefined && (typeof o.origin !== 'string' || o.origin === '')) throw new TypeError(`${at}.origin must be a non-empty string`);
    if (o.metadata !== undefined) {
      if (typeof o.metadata !== 'object' || o.metadata === null || Array.isArray(o.metadata)) throw new TypeError(`${at}.metadata must be an object`);
      try {
        JSON.stringify(o.metadata);
      } catch {
        throw new TypeError(`${at}.metadata must be JSON-serialisable`);
      }
    }
  });
}

interface Plan {
  outcomes: RegisterOutcome[];
  /** New documents, in input order. */
  inserts: ShipmentDoc[];
  /** Existing documents and the inputs that re-register them, in input order. */
  refreshes: Map<string, { doc: ShipmentDoc; inputs: ShipmentInput[] }>;
}

/** `ours`: documents this call inserted in an earlier round (they count as created, not re-registered). */
function plan(inputs: readonly ShipmentInput[], existing: Map<string, ShipmentDoc>, ours: ReadonlySet<string>, now: Date): Plan {
  const outcomes: RegisterOutcome[] = [];
  const inserts = new Map<string, ShipmentDoc>();
  const refreshes: Plan['refreshes'] = new Map();
  const seen = new Set<string>();
  for (const input of inputs) {
    const key = keyOf(input.courier, input.trackingNumber);
    const base = { courier: input.courier, trackingNumber: input.trackingNumber };
    const first = !seen.has(key);
    seen.add(key);
    const fresh = inserts.get(key);
    const found = existing.get(key);
    if (fresh) {
      inserts.set(key, refreshed(fresh, toShipment(fresh), input, now)); // the same shipment twice in one batch
      outcomes.push({ id: fresh._id, ...base, created: false });
    } else if (found && ours.has(found._id)) {
      outcomes.push({ id: found._id, ...base, created: first }); // inserted by this call, inputs already merged
    } else if (found) {
      assertOrderIdKept(toShipment(found), input); // before anything is written: the batch stays all-or-nothing
      const entry = refreshes.get(found._id) ?? { doc: found, inputs: [] };
      entry.inputs.push(input);
      refreshes.set(found._id, entry);
      outcomes.push({ id: found._id, ...base, created: false });
    } else {
      const doc = newShipmentDoc(input, newId(), now);
      inserts.set(key, doc);
      outcomes.push({ id: doc._id, ...base, created: true });
    }
  }
  return { outcomes, inserts: [...inserts.values()], refreshes };
}

async function findExisting(ctx: MongoContext, inputs: readonly ShipmentInput[]): Promise<Map<string, ShipmentDoc>> {
  const byCourier = new Map<string, Set<string>>();
  for (const i of inputs) byCourier.set(i.courier, (byCourier.get(i.courier) ?? new Set()).add(i.trackingNumber));
  const found = new Map<string, ShipmentDoc>();
  const clauses = [...byCourier].map(([courier, numbers]) => ({ courier, trackingNumber: { $in: [...numbers] } }));
  for (let i = 0; i < clauses.length; i += 50) {
    const docs = await ctx.shipments.find({ $or: clauses.slice(i, i + 50) } as Filter<ShipmentDoc>).toArray();
    for (const doc of docs) found.set(keyOf(doc.courier, doc.trackingNumber), doc);
  }
  return found;
}

/**
 * Inserts the new documents (unordered), adding the ids that made it to `ours`. Returns false if another
 * caller registered some of the same shipments first (those are then re-registered in the next round).
 */
async function insertAll(ctx: MongoContext, docs: ShipmentDoc[], ours: Set<string>): Promise<boolean> {
  if (docs.length === 0) return true;
  try {
    await ctx.shipments.insertMany(docs, { ordered: false });
    for (const d of docs) ours.add(d._id);
    return true;
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError)) {
      for (const d of docs) ours.add(d._id); // unknown which made it: roll back all of them
      throw error;
    }
    const writeErrors = [error.writeErrors].flat();
    const failed = new Set(writeErrors.map((e) => e.index));
    docs.forEach((d, i) => failed.has(i) || ours.add(d._id));
    if (writeErrors.length > 0 && writeErrors.every((e) => e.code === 11000)) return false;
    throw error;
  }
}

/**
 * All-or-nothing: inputs are validated before anything is written. New shipments are inserted in one
 * batch; one that a concurrent caller registered first is simply re-registered in a second round. Existing
 * shipments are refreshed by one versioned write each. If anything fails, the documents this call inserted
 * are removed again (refreshes already written stay: registering is idempotent, a retry completes it).
 */
export async function registerShipments(ctx: MongoContext, inputs: readonly ShipmentInput[], now: Date): Promise<RegisterOutcome[]> {
  validateInputs(inputs);
  if (inputs.length === 0) return [];
  const ours = new Set<string>();
  try {
    for (let round = 0; ; round++) {
      const { outcomes, inserts, refreshes } = plan(inputs, await findExisting(ctx, inputs), ours, now);
      if (!(await insertAll(ctx, inserts, ours))) {
        if (round >= 10) throw new Error('registerShipments: kept colliding with concurrent registrations of the same shipments');
        continue;
      }
      let vanished = false;
      for (const { doc, inputs: again } of refreshes.values()) {
        const result = await ctx.committer.mutate(
          ctx.shipments,
          doc._id,
          (current) => (current ? { next: again.reduce((d, input) => refreshed(d, toShipment(d), input, now), current) } : { skip: null }),
          { initial: doc, onBusy: 'wait' },
        );
        // Removed meanwhile by a concurrent registration that failed: register it afresh next round.
        if (result.status === 'skipped') vanished = true;
      }
      if (!vanished) return outcomes;
      if (round >= 10) throw new Error('registerShipments: shipments kept disappearing while being registered');
    }
  } catch (error) {
    if (ours.size > 0) await ctx.shipments.deleteMany({ _id: { $in: [...ours] } });
    throw error;
  }
}
