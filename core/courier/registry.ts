import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock.js';
import type { CourierAdapter } from './adapter.js';
import type { CourierDeclaration, CourierDefinition } from './definition.js';
import { resolveCourier } from './options.js';
import { createRuntime, type CourierRuntime } from './runtime.js';

export interface CourierEntry {
  name: string;
  definition: CourierDefinition;
  /** Present when the courier is enabled and has its credentials. */
  runtime: CourierRuntime | null;
  disabledReason: string | null;
}

/** All courier plugins that registered, enabled or not. */
export class CourierRegistry {
  readonly #entries = new Map<string, CourierEntry>();

  constructor(
    private readonly config: { couriers: Record<string, Record<string, string>>; courierEnv: Record<string, string> },
    private readonly clock: Clock,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** `overrides`: option values by option name that win over the configured ones (a local simulator's). */
  register(declaration: CourierDeclaration, adapter: CourierAdapter, overrides: Readonly<Record<string, string>> = {}): CourierEntry {
    if (this.#entries.has(declaration.name)) throw new Error(`courier "${declaration.name}" is registered twice`);
    const resolved = resolveCourier(declaration, this.config.couriers[declaration.name] ?? {}, this.config.courierEnv, overrides);
    for (const option of resolved.unknownOptions) this.log.warn({ courier: declaration.name }, `${option} is not an option of courier ${declaration.name}; ignored`);
    let disabledReason: string | null = null;
    if (!resolved.definition.enabled) disabledReason = 'disabled by configuration';
    else if (resolved.missingCredentials.length > 0) disabledReason = `missing credentials: ${resolved.missingCredentials.join(', ')}`;
    const entry: CourierEntry = {
      name: declaration.name,
      definition: resolved.definition,
      runtime: disabledReason ? null : createRuntime(resolved, adapter, this.clock),
      disabledReason,
    };
    if (disabledReason) this.log.info({ courier: entry.name }, `courier ${entry.name} disabled: ${disabledReason}`);
    this.#entries.set(entry.name, entry);
    return entry;
  }

  get(name: string): CourierEntry | undefined {
    return this.#entries.get(name);
  }

  list(): CourierEntry[] {
    return [...this.#entries.values()];
  }

  enabled(): (CourierEntry & { runtime: CourierRuntime })[] {
    return this.list().filter((e): e is CourierEntry & { runtime: CourierRuntime } => e.runtime !== null);
  }

  async close(): Promise<void> {
    await Promise.all(this.enabled().map((e) => e.runtime.close()));
  }
}

