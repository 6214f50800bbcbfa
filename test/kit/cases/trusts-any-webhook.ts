import sandbox from '../../../plugins/couriers/sandbox/index.js';
import { runKitOn } from './sandbox-kit.js';

/** A push courier that accepts every webhook, signed or not, and reads positions as status reports. */
runKitOn({
  verifyWebhook: () => true,
  parseWebhook: (raw, headers, ctx) =>
    sandbox.adapter.parseWebhook!(raw, headers, ctx).map((event) =>
      event.result || !event.driver ? event : { ...event, result: { trackingNumber: event.trackingNumber, found: true, status: 'OUT_FOR_DELIVERY', statusAt: event.driver.at, events: [] } },
    ),
});
