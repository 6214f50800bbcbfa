import type { Clock } from '../clock.js';
import type { CourierStateStore } from '../store/port.js';

export interface Pause {
  /** null for an operator's pause, which lasts until resumed. */
  until: Date | null;
  reason: string;
  manual: boolean;
}

/** Per-courier pause state (429 resume time, 403 cool-down, operator pause), kept in the store so it survives restarts. */
export class CourierPauses {
  constructor(
    private readonly state: CourierStateStore,
    private readonly clock: Clock,
  ) {}

  async current(courier: string): Promise<Pause | null> {
    const state = await this.state.get(courier);
    if (state.manual) return { until: null, reason: state.pauseReason ?? 'paused by an operator', manual: true };
    if (state.pausedUntil && new Date(state.pausedUntil) > this.clock.now()) {
      return { until: new Date(state.pausedUntil), reason: state.pauseReason ?? 'paused', manual: false };
    }
    return null;
  }

  /** Pause until `until` unless already paused longer (an operator's pause is kept as it is). */
  async pauseUntil(courier: string, until: Date, reason: string): Promise<void> {
    const state = await this.state.get(courier);
    if (state.manual) return;
    if (state.pausedUntil && new Date(state.pausedUntil) >= until) return;
    await this.state.set({ courier, pausedUntil: until.toISOString(), pauseReason: reason, manual: false });
  }

  async pauseManually(courier: string, reason: string): Promise<void> {
    await this.state.set({ courier, pausedUntil: null, pauseReason: reason, manual: true });
  }

  async resume(courier: string): Promise<void> {
    await this.state.set({ courier, pausedUntil: null, pauseReason: null, manual: false });
  }
}
