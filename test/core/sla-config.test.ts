import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { loadConfig } from '../../config/load.js';

const rule = { id: 'ofd-12h', condition: 'in_status', statuses: ['out_for_delivery'], hours: 12 };

t.test('SLA rules come from WAYBILL_SLA_RULES or the config file, the variable first', async (t) => {
  t.same(loadConfig({}).sla, []);
  t.same(loadConfig({ WAYBILL_SLA_RULES: JSON.stringify([rule]) }).sla, [rule]);
  const dir = mkdtempSync(join(tmpdir(), 'waybill-sla-'));
  const file = join(dir, 'waybill.json');
  writeFileSync(file, JSON.stringify({ sla: [{ ...rule, id: 'from-file', courier: 'sandbox' }] }));
  t.same(loadConfig({ WAYBILL_CONFIG: file }).sla.map((r) => r.id), ['from-file']);
  t.same(loadConfig({ WAYBILL_CONFIG: file, WAYBILL_SLA_RULES: JSON.stringify([rule]) }).sla.map((r) => r.id), ['ofd-12h']);
  writeFileSync(file, JSON.stringify({ sla: [rule, { ...rule, id: 'bad', hours: 0 }] }));
  t.throws(() => loadConfig({ WAYBILL_CONFIG: file }), { name: 'ConfigError', message: new RegExp(`config file "${file}" key sla rule "bad": hours must be > 0`) });
});

t.test('a bad rule is refused, naming the rule and its field', async (t) => {
  const refused = (rules: unknown) => () => loadConfig({ WAYBILL_SLA_RULES: JSON.stringify(rules) });
  t.throws(() => loadConfig({ WAYBILL_SLA_RULES: '[{' }), { name: 'ConfigError', message: /^WAYBILL_SLA_RULES: not JSON/ });
  t.throws(refused({ id: 'x' }), { message: /^WAYBILL_SLA_RULES: expected an array of SLA rules/ });
  t.throws(refused([{ ...rule, condition: 'late' }]), { message: /WAYBILL_SLA_RULES rule "ofd-12h": condition/ });
  t.throws(refused([{ ...rule, statuses: [] }]), { message: /WAYBILL_SLA_RULES rule "ofd-12h": statuses must/ });
  t.throws(refused([{ ...rule, colour: 'red' }]), { message: /WAYBILL_SLA_RULES rule "ofd-12h": .*colour/ });
  t.throws(refused([{ condition: 'in_status', statuses: ['lost'], hours: 1 }]), { message: /WAYBILL_SLA_RULES rule #1: .*id/ });
  t.throws(refused([rule, rule]), { message: /WAYBILL_SLA_RULES rule "ofd-12h": id is used by another rule/ });
});
