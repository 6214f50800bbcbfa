import Type, { type Static } from 'typebox';

/** WAYBILL_EFFECT_EMAIL_<OPTION>: SMTP_URL, FROM, TO (comma-separated), … */
export const EmailOptionsSchema = Type.Object({
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. */
  smtpUrl: Type.String({ pattern: '^smtps?://' }),
  from: Type.String({ minLength: 3 }),
  to: Type.Array(Type.String({ minLength: 3 }), { minItems: 1 }),
  subjectPrefix: Type.String({ default: '[Waybill]' }),
  /** A summary after each courier run (skipped runs excepted). */
  summaries: Type.Boolean({ default: true }),
  /** A mail per alert (lost, cancelled, return, failed runs …), as the Slack effect sends them. */
  alerts: Type.Boolean({ default: true }),
  b2bCouriers: Type.Array(Type.String({ minLength: 1 }), { default: ['delhivery-b2b'] }),
  timeZone: Type.String({ pattern: '^[+-]\\d{2}:\\d{2}$', default: '+05:30' }),
  /** How long one SMTP conversation may take before the delivery is retried. */
  timeoutMs: Type.Integer({ minimum: 1000, default: 30_000 }),
});

export type EmailOptions = Static<typeof EmailOptionsSchema>;
