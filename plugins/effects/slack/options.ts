import Type, { type Static } from 'typebox';

const Channel = Type.Optional(Type.String({ minLength: 1 }));

/** WAYBILL_EFFECT_SLACK_<OPTION>: TOKEN, CHANNEL, CHANNEL_<KIND>, BASE_URL, B2B_COURIERS, TIME_ZONE. */
export const SlackOptionsSchema = Type.Object({
  /** A bot token (xoxb-…) allowed to chat:write in the channels. */
  token: Type.String({ minLength: 1 }),
  /** Where alerts go unless their kind has a channel of its own. */
  channel: Type.String({ minLength: 1 }),
  channelLost: Channel,
  channelCancelled: Channel,
  channelRto: Channel,
  channelB2bSameDay: Channel,
  channelCourierPaused: Channel,
  channelRunFailed: Channel,
  channelAuthFailed: Channel,
  channelUnmapped: Channel,
  channelAttention: Channel,
  /** Where the links to uploaded run logs go. */
  channelRunLog: Channel,
  /** The Web API's base URL (a local stand-in in tests). */
  baseUrl: Type.String({ pattern: '^https?://', default: 'https://slack.com/api/' }),
  b2bCouriers: Type.Array(Type.String({ minLength: 1 }), { default: ['delhivery-b2b'] }),
  /** The zone of the calendar day a B2B same-day delivery is judged in. */
  timeZone: Type.String({ pattern: '^[+-]\\d{2}:\\d{2}$', default: '+05:30' }),
});

export type SlackOptions = Static<typeof SlackOptionsSchema>;
