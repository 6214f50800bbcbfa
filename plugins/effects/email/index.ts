import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import { defineEffect, LocalTime, Undeliverable, type EffectMessage } from 'waybill';
import { ALERTED_STATUSES, alertsFor, type Alert } from '../../shared/alerts/alerts.js';
import { EmailOptionsSchema, type EmailOptions } from './options.js';
import { runSummary, type Mail } from './summary.js';

const alertMail = (alert: Alert, prefix: string): Mail => ({
  subject: `${prefix} ${alert.title}`,
  text: alert.lines.join('\n'),
  html: `<p>${alert.lines.map((l) => l.replace(/&/g, '&amp;').replace(/</g, '&lt;')).join('<br>')}</p>`,
});

function mailsFor(message: EffectMessage, options: EmailOptions, zone: LocalTime): Mail[] {
  const alerts = options.alerts ? alertsFor(message, { b2bCouriers: options.b2bCouriers, zone }).map((a) => alertMail(a, options.subjectPrefix)) : [];
  const summary = options.summaries && message.type === 'run.finished' && message.run.state !== 'skipped' ? [runSummary(message, options.subjectPrefix)] : [];
  return [...summary, ...alerts];
}

/** An SMTP reply in the 5xx range will not change on a retry (no such mailbox, relaying refused, …). */
const permanent = (error: unknown) => {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
};

/**
 * E-mail (seed 000): a summary after each courier run, and alert mails. On when WAYBILL_EFFECT_EMAIL_SMTP_URL,
 * _FROM and _TO are set.
 */
export default defineEffect(
  { name: 'email', displayName: 'E-mail summaries and alerts', options: EmailOptionsSchema, requires: ['smtpUrl', 'from', 'to'] },
  async ({ app, options }) => {
    const transport = nodemailer.createTransport(options.smtpUrl, {
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
    });
    app.addHook('onClose', async () => transport.close());
    const zone = new LocalTime(options.timeZone);
    app.waybill.effects.register({
      name: 'email',
      statuses: ALERTED_STATUSES,
      runReports: true,
      attention: options.alerts,
      concurrency: 2,
      async deliver(message, ctx) {
        const mails = mailsFor(message, options, zone);
        for (const [i, mail] of mails.entries()) {
          // A redelivered message keeps its Message-ID, so a mail client shows a duplicate once.
          const id = createHash('sha256').update(`${ctx.dedupKey}#${i}`).digest('hex').slice(0, 32);
          try {
            await transport.sendMail({ from: options.from, to: options.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: `<${id}@waybill>` });
          } catch (error) {
            const reason = (error as Error).message;
            throw permanent(error) ? new Undeliverable(`the mail server refused the message: ${reason}`) : error;
          }
        }
      },
    });
  },
);
