import { createHash } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { request } from 'undici';
import { Undeliverable, type EffectMessage, type SideEffect } from 'waybill';
import type { Endpoint } from './options.js';

/** Retried with jitter for a day and more (32 attempts ≈ 25 h), then dead-lettered. */
const MAX_ATTEMPTS = 32;

/** A stable Standard Webhooks message id: the same on every retry of one delivery. */
export const messageId = (dedupKey: string) => `msg_${createHash('sha256').update(dedupKey).digest('hex').slice(0, 32)}`;

/** `{type, timestamp, data}`, as the Standard Webhooks specification recommends. */
export function envelope(message: EffectMessage, at: Date): string {
  return JSON.stringify({ type: message.type, timestamp: at.toISOString(), data: message });
}

/**
 * One receiver as a side effect: each status change POSTed as JSON, signed with `webhook-id`,
 * `webhook-timestamp` and `webhook-signature` (with both secrets during a rotation), within a timeout per attempt.
 */
export function endpointEffect(endpoint: Endpoint, defaultTimeoutMs: number): SideEffect {
  const signers = [endpoint.secret, ...(endpoint.previousSecret ? [endpoint.previousSecret] : [])].map((secret) => new Webhook(secret));
  const timeoutMs = endpoint.timeoutMs ?? defaultTimeoutMs;
  return {
    name: `webhook:${endpoint.name}`,
    ...(endpoint.statuses ? { statuses: endpoint.statuses } : {}),
    ...(endpoint.couriers ? { couriers: endpoint.couriers } : {}),
    attention: endpoint.attention === true,
    maxAttempts: MAX_ATTEMPTS,
    retryJitter: true,
    concurrency: 8,
    async deliver(message, ctx) {
      // Wall-clock time, not the engine's: receivers check it against theirs to refuse replays.
      const at = new Date();
      const id = messageId(ctx.dedupKey);
      const body = envelope(message, at);
      const signature = signers.map((signer) => signer.sign(id, at, body)).join(' ');
      const res = await request(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'waybill-webhooks',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      }).catch((error: unknown) => {
        throw new Error(`webhook ${endpoint.name}: ${(error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error).message}`);
      });
      const text = (await res.body.text()).slice(0, 200);
      if (res.statusCode >= 200 && res.statusCode < 300) return;
      // 410 Gone: the receiver says the endpoint will never take a message again (Standard Webhooks).
      if (res.statusCode === 410) throw new Undeliverable(`webhook ${endpoint.name}: the endpoint is gone (410)`);
      throw new Error(`webhook ${endpoint.name} answered ${res.statusCode}${text ? `: ${text}` : ''}`);
    },
  };
}
