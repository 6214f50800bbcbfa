/**
 * An answer handed to an instance that was SIGKILLed before the shipment's next answer went out may have
 * died with it, unwritten: the courier's word was heard, but nothing the service could have kept. What such
 * an answer carried is optional in the history (and counted in the figures); without a kill in between, a
 * step heard is a step the history must have, however slow the machine.
 */
const DYING_MS = 1_000; // a process SIGKILLed a moment after an answer left may not have read it yet

export class KillRisk {
  constructor(private readonly kills: readonly number[]) {}

  /** When an instance was first killed between `from` (an answer heard) and `to` (the next one, or the end); null if none was. */
  killBetween(from: number, to: number): number | null {
    return this.kills.find((k) => k >= from - DYING_MS && k <= to) ?? null;
  }
}
