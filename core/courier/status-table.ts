import type { CanonicalStatus } from '../statuses.js';

/** A table entry that deliberately leaves the shipment's canonical status as it is. */
export const NO_CHANGE = 'no_change' as const;
export type NoChange = typeof NO_CHANGE;

/** What a status rule may consult besides the raw status itself. */
export interface MappingContext {
  now: Date;
  /** The courier's status type / direction (Delhivery UD / RT / DL, …), if it has one. */
  statusType?: string | undefined;
  /** The courier's code for this status or scan (Delhivery's NSL code, …), if it has one. */
  code?: string | undefined;
  /** The courier's words about it (an instruction, a remark), if any. */
  description?: string | undefined;
  /** Extra courier fields a predicate may need (for example the pickup date). */
  fields: Readonly<Record<string, unknown>>;
}

/**
 * One row of a courier's status table. `status` and `type` are written as the courier documents them;
 * the core normalizes both. Rows with `when` are tried first, in table order; the row without `when`
 * is the fallback for that status and type. A row without `type` applies to any type.
 */
export interface StatusRule {
  status: string;
  type?: string;
  to: CanonicalStatus | NoChange;
  /** A fixed substatus, or one read from the context (a failed attempt's reason); snake_case. */
  substatus?: string | ((ctx: MappingContext) => string | undefined);
  when?: (ctx: MappingContext) => boolean;
}

export type StatusTable = readonly StatusRule[];
