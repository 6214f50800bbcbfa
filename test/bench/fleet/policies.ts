import { CANONICAL_STATUSES, isTerminal, type CanonicalStatus } from 'waybill';
import { delhiveryB2cDeclaration } from '../../../plugins/couriers/delhivery-b2c/declaration.js';

/** When runs happen (the courier's cron) and how long each status waits for its next check (minutes). */
export interface PollingPolicy {
  name: string;
  cron: string;
  intervals: Partial<Record<CanonicalStatus, number>>;
  /** Checks every moving shipment at every tick: what it does after a tick does not depend on what came before. */
  memoryless?: true;
}

/**
 * Waybill's adaptive schedule as a real courier ships it: Delhivery B2C's cron (every 8 minutes) and its
 * intervals, which are the core defaults (STATUS_INFO), with `overrides` on top.
 */
export function adaptivePolicy(overrides: Partial<Record<CanonicalStatus, number>> = {}, cron = delhiveryB2cDeclaration.schedule.cron): PollingPolicy {
  return { name: 'adaptive', cron, intervals: { ...delhiveryB2cDeclaration.polling?.intervals, ...overrides } };
}

/**
 * Every shipment that is still moving checked at every tick of `cron`, whatever its status: the interval
 * (one minute) is shorter than any gap between ticks, so each is due again by the next tick. (An interval
 * of 8 with `*\/8` would leave the :56 checks for :08, since the cron's :00 tick comes 4 minutes later.)
 */
export function everyTick(name: string, cron: string): PollingPolicy {
  const moving = CANONICAL_STATUSES.filter((s) => !isTerminal(s));
  return { name, cron, intervals: Object.fromEntries(moving.map((s) => [s, 1])), memoryless: true };
}

/** The system Waybill replaced: every shipment every 8 minutes. */
export const EVERY_8_MINUTES = everyTick('every 8 min', '*/8 * * * *');

/** The Blue Dart cache: every shipment every hour. */
export const HOURLY = everyTick('hourly', '0 * * * *');
