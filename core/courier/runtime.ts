import type { Clock } from '../clock.js';
import { CourierLimiter } from '../engine/limiter.js';
import type { SharedLimits } from '../engine/shared-limits.js';
import type { CourierAdapter } from './adapter.js';
import { createAuthProvider } from './auth.js';
import type { CourierDefinition } from './definition.js';
import { CourierHttp } from './http-client.js';
import type { ResolvedCourier } from './options.js';
import { StatusMapper } from './status-mapper.js';
import { CourierTransport } from './transport.js';

/** Everything the engine needs to poll one courier, built once when its plugin registers. */
export interface CourierRuntime {
  definition: CourierDefinition;
  adapter: CourierAdapter;
  mapper: StatusMapper;
  http: CourierHttp;
  limiter: CourierLimiter;
  settings: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/** `shared`: the limits every instance shares through Redis, when configured. */
export function createRuntime(resolved: ResolvedCourier, adapter: CourierAdapter, clock: Clock, shared?: SharedLimits): CourierRuntime {
  const { definition, credentials, settings } = resolved;
  const mapper = new StatusMapper(definition.name, definition.statuses);
  const transportTo = (baseUrl: string, connections: number) =>
    new CourierTransport({
      courier: definition.name,
      baseUrl,
      connectTimeoutMs: definition.endpoints.connectTimeoutMs,
      requestTimeoutMs: definition.endpoints.requestTimeoutMs,
      rateLimitDefaultMs: definition.cooldowns.rateLimitDefaultMs,
      clock,
      secrets: Object.values(credentials),
      connections,
    });
  const transport = transportTo(definition.endpoints.baseUrl, definition.concurrency + 1);
  // A courier whose tokens come from another host (Uber: auth.uber.com) asks that host for them.
  const tokenTransport = definition.endpoints.authUrl ? transportTo(definition.endpoints.authUrl, 2) : transport;
  const auth = createAuthProvider(definition.auth, credentials, { api: transport, token: tokenTransport }, clock);
  const limiter = new CourierLimiter(definition, shared);
  return {
    definition,
    adapter,
    mapper,
    http: new CourierHttp(transport, auth, () => limiter.beforeRequest()),
    limiter,
    settings,
    async close() {
      await limiter.stop();
      await transport.close();
      if (tokenTransport !== transport) await tokenTransport.close();
    },
  };
}
