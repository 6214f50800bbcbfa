import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock.js';
import type { CourierAdapter, WebhookContext } from './adapter.js';
import type { CourierDeclaration, CourierDefinition } from './definition.js';
import { didYouMean } from '../../config/suggest.js';
import { courierOptionSources, resolveCourier, type ResolvedCourier } from './options.js';
import type { SharedLimits } from '../engine/shared-limits.js';
import { createRuntime, type CourierRuntime } from './runtime.js';
import { StatusMapper } from './status-mapper.js';

/** What receiving a push courier's webhooks needs: its adapter and its webhook credentials and settings. */
export interface WebhookReceiver {
  adapter: CourierAdapter & Required<Pick<CourierAdapter, 'verifyWebhook' | 'parseWebhook'>>;
  context: Omit<WebhookContext, 'now'>;
}

export interface CourierEntry {
  name: string;
  definition: CourierDefinition;
  mapper: StatusMapper;
  /** Present when the courier is polled: enabled, not push-only, with its polling credentials. */
  runtime: CourierRuntime | null;
  /** Present when the courier's webhooks are received: enabled, push or both, with its webhook credentials. */
  webhook: WebhookReceiver | null;
  /** Why neither polling nor webhooks run (null when one of them does). */
  disabledReason: string | null;
  /** For a courier of mode `both` heard by webhook only: why it is not polled. */
  pollingOffReason: string | null;
}

function webhookReceiver(name: string, adapter: CourierAdapter, resolved: ResolvedCourier): WebhookReceiver {
  const { verifyWebhook, parseWebhook } = adapter;
  if (!verifyWebhook || !parseWebhook) throw new Error(`courier plugin "${name}": mode ${resolved.definition.mode} needs an adapter with verifyWebhook and parseWebhook`);
  const names = resolved.definition.webhook?.credentials ?? [];
  const credentials = Object.fromEntries(names.map((c) => [c, resolved.credentials[c]!]));
  return { adapter: { ...adapter, verifyWebhook, parseWebhook }, context: { credentials, settings: resolved.settings } };
}

/** All courier plugins that registered, enabled or not. */
export class CourierRegistry {
  readonly #entries = new Map<string, CourierEntry>();

  constructor(
    private readonly config: { couriers: Record<string, Record<string, string>>; courierEnv: Record<string, string> },
    private readonly clock: Clock,
    private readonly log: FastifyBaseLogger,
    private readonly shared?: SharedLimits,
  ) {}

  /** `overrides`: option values by option name that win over the configured ones (a local simulator's). */
  register(declaration: CourierDeclaration, adapter: CourierAdapter, overrides: Readonly<Record<string, string>> = {}): CourierEntry {
    if (this.#entries.has(declaration.name)) throw new Error(`courier "${declaration.name}" is registered twice`);
    const resolved = resolveCourier(declaration, this.config.couriers[declaration.name] ?? {}, this.config.courierEnv, overrides);
    const known = courierOptionSources(declaration);
    for (const option of resolved.unknownOptions) this.log.warn({ courier: declaration.name }, `${option} is not an option of courier ${declaration.name}; ignored${didYouMean(option, known)}`);
    const { definition } = resolved;
    const polled = definition.mode !== 'push';
    const pushed = definition.mode !== 'poll';
    const webhook = definition.enabled && pushed && resolved.missingWebhookCredentials.length === 0 ? webhookReceiver(declaration.name, adapter, resolved) : null;
    const runtime = definition.enabled && polled && resolved.missingCredentials.length === 0 ? createRuntime(resolved, adapter, this.clock, this.shared) : null;
    const missing = [...(pushed ? resolved.missingWebhookCredentials : []), ...(polled ? resolved.missingCredentials : [])];
    const disabledReason = !definition.enabled ? 'disabled by configuration' : !runtime && !webhook ? `missing credentials: ${missing.join(', ')}` : null;
    const pollingOffReason = polled && !runtime && webhook ? `polling off: missing credentials: ${resolved.missingCredentials.join(', ')}` : null;
    const entry: CourierEntry = {
      name: declaration.name,
      definition,
      mapper: runtime?.mapper ?? new StatusMapper(definition.name, definition.statuses),
      runtime,
      webhook,
      disabledReason,
      pollingOffReason,
    };
    if (disabledReason) this.log.info({ courier: entry.name }, `courier ${entry.name} disabled: ${disabledReason}`);
    if (pollingOffReason) this.log.info({ courier: entry.name }, `courier ${entry.name} heard by webhook only: ${pollingOffReason}`);
    this.#entries.set(entry.name, entry);
    return entry;
  }

  get(name: string): CourierEntry | undefined {
    return this.#entries.get(name);
  }

  list(): CourierEntry[] {
    return [...this.#entries.values()];
  }

  /** The couriers that are polled. */
  enabled(): (CourierEntry & { runtime: CourierRuntime })[] {
    return this.list().filter((e): e is CourierEntry & { runtime: CourierRuntime } => e.runtime !== null);
  }

  async close(): Promise<void> {
    await Promise.all(this.enabled().map((e) => e.runtime.close()));
  }
}
