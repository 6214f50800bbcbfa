import { ConfigError } from '../../config/errors.js';
import { isCanonicalStatus, type CanonicalStatus } from '../statuses.js';
import { normalizeStatus } from './normalize.js';
import { NO_CHANGE, type MappingContext, type StatusRule, type StatusTable } from './status-table.js';

export type Mapping =
  | { kind: 'mapped'; status: CanonicalStatus; substatus?: string | undefined }
  | { kind: 'no_change' }
  | { kind: 'unmapped'; normalized: string };

const ANY_TYPE = '*';

/** Raw courier status (+ type + context) → canonical status, built once from a declarative table. */
export class StatusMapper {
  readonly #rules = new Map<string, StatusRule[]>();

  constructor(
    readonly courier: string,
    table: StatusTable,
  ) {
    for (const [index, rule] of table.entries()) {
      if (rule.substatus !== undefined && typeof rule.substatus !== 'string' && typeof rule.substatus !== 'function') {
        throw new ConfigError(`courier "${courier}": status table row ${index} ("${rule.status}") has a substatus that is neither text nor a function`);
      }
      if (rule.to !== NO_CHANGE && !isCanonicalStatus(rule.to)) {
        throw new ConfigError(
          `courier "${courier}": status table row ${index} ("${rule.status}") maps to "${String(rule.to)}", which is not a canonical status`,
        );
      }
      const key = StatusMapper.key(rule.status, rule.type);
      const rules = this.#rules.get(key) ?? [];
      if (rule.when === undefined && rules.some((r) => r.when === undefined)) {
        throw new ConfigError(
          `courier "${courier}": status table has two unconditional rows for "${rule.status}"${rule.type ? ` with type "${rule.type}"` : ''}`,
        );
      }
      rules.push(rule);
      this.#rules.set(key, rules);
    }
    for (const rules of this.#rules.values()) rules.sort((a, b) => Number(a.when === undefined) - Number(b.when === undefined));
  }

  private static key(status: string, type: string | undefined): string {
    return `${type === undefined ? ANY_TYPE : normalizeStatus(type)}|${normalizeStatus(status)}`;
  }

  map(rawStatus: string, ctx: MappingContext): Mapping {
    const typed = ctx.statusType ? this.#rules.get(StatusMapper.key(rawStatus, ctx.statusType)) : undefined;
    const candidates = [...(typed ?? []), ...(this.#rules.get(StatusMapper.key(rawStatus, undefined)) ?? [])];
    const rule = candidates.find((r) => r.when === undefined || r.when(ctx));
    if (rule === undefined) return { kind: 'unmapped', normalized: normalizeStatus(rawStatus) };
    if (rule.to === NO_CHANGE) return { kind: 'no_change' };
    const substatus = typeof rule.substatus === 'function' ? rule.substatus(ctx) : rule.substatus;
    return { kind: 'mapped', status: rule.to, substatus };
  }

  /** True when the table has any row for this raw status (and type): used by the contract kit. */
  covers(rawStatus: string, statusType?: string): boolean {
    return (
      (statusType !== undefined && this.#rules.has(StatusMapper.key(rawStatus, statusType))) ||
      this.#rules.has(StatusMapper.key(rawStatus, undefined))
    );
  }
}
