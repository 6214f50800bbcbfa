import Type, { type Static } from 'typebox';
import { ConfigError } from './errors.js';
import { validateWithDefaults } from './validate.js';

/**
 * One SLA rule. `in_status`: the shipment has been in one of `statuses` for more than `hours` since it first
 * entered it; `no_event`: it is in one of them and the courier has reported no event for more than `hours`;
 * `check_failing`: its checks have failed for more than `hours` (in any status, or in one of `statuses`).
 * Of one courier, or of every courier without `courier`. Statuses are checked against the canonical ones
 * when the service starts (core/sla/rules.ts).
 */
export const SlaRuleSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9_.-]*$', maxLength: 64 }),
    condition: Type.Union([Type.Literal('in_status'), Type.Literal('no_event'), Type.Literal('check_failing')]),
    /** Required but for `check_failing`. */
    statuses: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, uniqueItems: true })),
    hours: Type.Number({ exclusiveMinimum: 0, maximum: 8760 }),
    courier: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 64 })),
  },
  { additionalProperties: false },
);

export type SlaRule = Static<typeof SlaRuleSchema>;

const label = (value: unknown, index: number) => {
  const id = value !== null && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string' ? (value as { id: string }).id : null;
  return id === null ? `rule #${index + 1}` : `rule "${id}"`;
};

/** The rules from WAYBILL_SLA_RULES (JSON) or the config file's `sla`; each error names the source, the rule and its field. */
export function parseSlaRules(value: unknown, source: string): SlaRule[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ConfigError(`${source}: expected an array of SLA rules`);
  const rules = value.map((rule, i) => validateWithDefaults(SlaRuleSchema, rule, `${source} ${label(rule, i)}`, (pointer) => pointer.slice(1) || '(rule)'));
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) throw new ConfigError(`${source} rule "${rule.id}": id is used by another rule`);
    seen.add(rule.id);
  }
  return rules;
}

/** WAYBILL_SLA_RULES read as JSON, naming the variable when it is not. */
export function slaRulesFromEnv(text: string): SlaRule[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`WAYBILL_SLA_RULES: not JSON: ${(error as Error).message}`);
  }
  return parseSlaRules(value, 'WAYBILL_SLA_RULES');
}
