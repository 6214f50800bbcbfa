import type { Clock } from '../clock.js';
import type { CourierDefinition } from '../courier/definition.js';
import type { ApiCallStore } from '../store/port.js';
import type { CourierPauses, Pause } from './pauses.js';

const DAY_MS = 86_400_000;

/**
 * The one answer to "may this courier send now?": not while an operator paused it, a 429 pause or a 403
 * cool-down runs, or its daily budget is used up (which pauses it until midnight UTC). Every run start,
 * every batch of a run and every live check asks here.
 */
export class CourierGate {
  constructor(
    private readonly pauses: CourierPauses,
    private readonly apiCalls: ApiCallStore,
    private readonly clock: Clock,
  ) {}

  /** null when the courier may send; else why not, and until when. */
  async closed(definition: CourierDefinition): Promise<Pause | null> {
    const pause = await this.pauses.current(definition.name);
    if (pause) return pause;
    const use = await this.dailyUse(definition);
    if (use === null || use.used < use.budget) return null;
    const until = new Date(use.dayStart.getTime() + DAY_MS);
    const reason = `daily budget of ${use.budget} requests used; paused until ${until.toISOString()}`;
    await this.pauses.pauseUntil(definition.name, until, reason);
    return { until, reason, manual: false };
  }

  /** The requests sent since 00:00 UTC against the declared daily budget; null for a courier without one. */
  async dailyUse(definition: CourierDefinition): Promise<{ budget: number; used: number; dayStart: Date } | null> {
    if (definition.quota.daily === undefined) return null;
    const now = this.clock.now();
    const dayStart = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
    return { budget: definition.quota.daily, used: await this.apiCalls.count(definition.name, dayStart), dayStart };
  }
}
