import { ConfigError, defineEffect } from 'waybill';
import { endpointEffect } from './endpoint.js';
import { WebhookOptionsSchema, type Endpoint, type WebhookOptions } from './options.js';

/** The variables' endpoint (named `default`) and the config file's, with their names checked once. */
function endpointsOf(options: WebhookOptions, sourceOf: (pointer: string) => string): Endpoint[] {
  const { url, secret, previousSecret, statuses, couriers, attention } = options;
  if ((url === undefined) !== (secret === undefined)) {
    throw new ConfigError(`${sourceOf(url === undefined ? '/url' : '/secret')}: a webhook needs both its URL and its secret (whsec_…)`);
  }
  const simple: Endpoint[] = url && secret ? [{ name: 'default', url, secret, ...(previousSecret ? { previousSecret } : {}), ...(statuses ? { statuses } : {}), ...(couriers ? { couriers } : {}), ...(attention ? { attention } : {}) }] : [];
  const all = [...simple, ...options.endpoints];
  const names = new Set<string>();
  all.forEach((e, i) => {
    if (names.has(e.name)) throw new ConfigError(`${sourceOf(`/endpoints/${i - simple.length}/name`)}: the webhook endpoint name "${e.name}" is used twice`);
    names.add(e.name);
  });
  return all;
}

/**
 * Signed webhooks (Standard Webhooks): every status change POSTed to each configured receiver, retried with
 * jitter for more than a day, then dead-lettered. On when WAYBILL_EFFECT_WEBHOOK_URL and _SECRET are set, or
 * the config file lists `effects.webhook.endpoints`. The seed's RTO webhook is an endpoint with
 * `statuses: ["rto_initiated", "rto_in_transit"]`.
 */
export default defineEffect(
  { name: 'webhook', displayName: 'Signed webhooks', options: WebhookOptionsSchema, requires: [] },
  async ({ app, options, log, sourceOf }) => {
    const endpoints = endpointsOf(options, sourceOf);
    if (endpoints.length === 0) {
      log.info('effect webhook off: not configured: set WAYBILL_EFFECT_WEBHOOK_URL and WAYBILL_EFFECT_WEBHOOK_SECRET, or effects.webhook.endpoints');
      return;
    }
    for (const endpoint of endpoints) app.waybill.effects.register(endpointEffect(endpoint, options.timeoutMs));
    log.info({ endpoints: endpoints.map((e) => ({ name: e.name, url: e.url.replace(/\?.*$/, '') })) }, `effect webhook: ${endpoints.length} endpoint(s)`);
  },
);
