import { ConfigError } from '../../config/errors.js';
import type { SlaRule } from '../../config/sla.js';
import type { CourierRegistry } from '../courier/registry.js';
import { CANONICAL_STATUSES, type CanonicalStatus } from '../statuses.js';

/** A configured rule whose statuses are known canonical ones; null: any status (`check_failing` only). */
export type CheckedSlaRule = Omit<SlaRule, 'statuses'> & { statuses: CanonicalStatus[] | null };

const isCanonical = (status: string): status is CanonicalStatus => (CANONICAL_STATUSES as readonly string[]).includes(status);

/** The rules as the service evaluates them; a status or courier no plugin knows stops the start, naming the rule. */
export function checkSlaRules(rules: readonly SlaRule[], registry: CourierRegistry): CheckedSlaRule[] {
  return rules.map((rule) => {
    if (rule.statuses === undefined) {
      if (rule.condition !== 'check_failing') throw new ConfigError(`SLA rule "${rule.id}": statuses: required for condition ${rule.condition}`);
      return { ...rule, statuses: null };
    }
    const unknown = rule.statuses.find((s) => !isCanonical(s));
    if (unknown !== undefined) throw new ConfigError(`SLA rule "${rule.id}": statuses: "${unknown}" is not a canonical status (${CANONICAL_STATUSES.join(', ')})`);
    if (rule.courier !== undefined && !registry.get(rule.courier)) throw new ConfigError(`SLA rule "${rule.id}": courier: no courier plugin is named "${rule.courier}"`);
    return { ...rule, statuses: rule.statuses.filter(isCanonical) };
  });
}
