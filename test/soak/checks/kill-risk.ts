/**
 * An answer handed to an instance shortly before it was SIGKILLed may have died with it, unwritten: the
 * courier's word was heard, but nothing the service could have kept. What such an answer carried is
 * optional in the checks (and said so in the figures), everything else is required.
 */
export class KillRisk {
  constructor(
    private readonly kills: readonly number[],
    private readonly windowMs: number,
  ) {}

  /** The kill an answer handed over at `at` may have died in, if any. */
  killAfter(at: number): number | null {
    return this.kills.find((k) => k >= at && k - at <= this.windowMs) ?? null;
  }
}
