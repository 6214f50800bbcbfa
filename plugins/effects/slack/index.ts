import { WebClient } from '@slack/web-api';
import { defineEffect, LocalTime, Undeliverable, type EffectMessage } from 'waybill';
import { ALERTED_STATUSES, alertsFor } from '../../shared/alerts/alerts.js';
import { alertPost, runLogPost, type SlackPost } from './message.js';
import { SlackOptionsSchema } from './options.js';

/** Slack's answers after which retrying cannot help: the message is dead-lettered at once. */
const PERMANENT = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'channel_not_found', 'not_in_channel', 'is_archived', 'missing_scope']);

export const RUN_LOG_NOTICE = 'runlog.uploaded';

function slackError(error: unknown): Error {
  const code = (error as { data?: { error?: unknown } }).data?.error;
  if (typeof code === 'string' && PERMANENT.has(code)) return new Undeliverable(`Slack refused the message: ${code}`);
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Slack alerts (seed 000): lost / destroyed, cancelled, return to origin, B2B delivered the same day; a courier
 * paused by a 429, 403 or its daily budget, a failed run, a failed token refresh, unmapped raw statuses, a shipment
 * whose checks keep failing; and
 * the links to uploaded run logs. On when WAYBILL_EFFECT_SLACK_TOKEN and _CHANNEL are set.
 */
export default defineEffect(
  { name: 'slack', displayName: 'Slack alerts', options: SlackOptionsSchema, requires: ['token', 'channel'] },
  async ({ app, options }) => {
    // Retries are the outbox's: the client must not wait or retry on its own.
    const client = new WebClient(options.token, { slackApiUrl: options.baseUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
    const rules = { b2bCouriers: options.b2bCouriers, zone: new LocalTime(options.timeZone) };
    const postsFor = (message: EffectMessage): SlackPost[] =>
      message.type === 'notice' ? [runLogPost(message, options)] : alertsFor(message, rules).map((alert) => alertPost(alert, options));
    app.waybill.effects.register({
      name: 'slack',
      statuses: ALERTED_STATUSES,
      runReports: true,
      attention: true,
      notices: [RUN_LOG_NOTICE],
      concurrency: 2,
      async deliver(message) {
        for (const post of postsFor(message)) {
          await client.chat.postMessage({ channel: post.channel, text: post.text, mrkdwn: true }).catch((error: unknown) => Promise.reject(slackError(error)));
        }
      },
    });
  },
);
