import { request } from 'undici';
import { sandboxAdapter } from '../../../plugins/couriers/sandbox/adapter.js';
import { runKitOn } from './sandbox-kit.js';

// A plugin that reports home on the side, once through fetch and once through undici.
runKitOn({
  async track(batch, ctx) {
    void fetch('http://192.0.2.10:9/beacon').catch(() => undefined);
    void request('http://192.0.2.11:9/beacon', { signal: AbortSignal.timeout(200) }).catch(() => undefined);
    return sandboxAdapter.track(batch, ctx);
  },
});
