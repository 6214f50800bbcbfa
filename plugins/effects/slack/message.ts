import type { Notice } from 'waybill';
import type { Alert, AlertKind } from '../../shared/alerts/alerts.js';
import type { SlackOptions } from './options.js';

const CHANNEL_OF: Record<AlertKind, keyof SlackOptions> = {
  lost: 'channelLost',
  cancelled: 'channelCancelled',
  rto: 'channelRto',
  b2b_same_day: 'channelB2bSameDay',
  courier_paused: 'channelCourierPaused',
  run_failed: 'channelRunFailed',
  auth_failed: 'channelAuthFailed',
  unmapped: 'channelUnmapped',
  attention: 'channelAttention',
};

const ICON: Record<AlertKind, string> = {
  lost: ':rotating_light:',
  cancelled: ':no_entry_sign:',
  rto: ':leftwards_arrow_with_hook:',
  b2b_same_day: ':white_check_mark:',
  courier_paused: ':no_entry:',
  run_failed: ':rotating_light:',
  auth_failed: ':closed_lock_with_key:',
  unmapped: ':warning:',
  attention: ':mag:',
};

export interface SlackPost {
  channel: string;
  text: string;
}

/** Slack's mrkdwn needs &, < and > escaped in text that is not a link. */
const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function alertPost(alert: Alert, options: SlackOptions): SlackPost {
  const channel = (options[CHANNEL_OF[alert.kind]] as string | undefined) ?? options.channel;
  return { channel, text: [`${ICON[alert.kind]} *${escape(alert.title)}*`, ...alert.lines.map(escape)].join('\n') };
}

export function runLogPost(notice: Notice, options: SlackOptions): SlackPost {
  const link = notice.url ? `<${notice.url}|download>` : '';
  return { channel: options.channelRunLog ?? options.channel, text: `:page_facing_up: ${escape(notice.text)} ${link}`.trim() };
}
