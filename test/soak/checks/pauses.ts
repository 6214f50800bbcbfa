import type { AskedPause, ProxyRequest } from '../fault-proxy.js';
import type { KillRisk } from './kill-risk.js';

export interface PauseFigures {
  pausesAsked: number;
  /** Minutes-long pauses (403, a 429 without a header) that the soak ended with an operator resume. */
  pausesResumedByOperator: number;
  /** Requests that arrived during a pause, sent before the service can have read the answer that asked for it. */
  inFlightAtPause: number;
  /** Requests in a pause whose answer reached an instance killed right after (it may have died unrecorded). */
  afterPauseLostToKill: number;
  pausedViolations: number;
}

/**
 * No request reaches the courier while it is paused: from the moment the answer asking for the pause went
 * out, plus `allowanceMs` for the requests other workers had already sent (or were sending) before the
 * service could read it, until the pause ends or an operator resumes the courier. A pause asked of an
 * instance killed right after is excused for the instances after it.
 */
export function checkPauses(requests: readonly ProxyRequest[], pauses: readonly AskedPause[], risk: KillRisk, allowanceMs: number, figures: PauseFigures, problems: string[]): void {
  figures.pausesAsked += pauses.length;
  figures.pausesResumedByOperator += pauses.filter((p) => p.resumedAt !== null).length;
  for (const request of requests) {
    const pause = pauses.find((p) => p.sentAt < request.at && request.at < (p.resumedAt ?? p.end));
    if (!pause) continue;
    const kill = risk.killAfter(pause.sentAt);
    if (request.at - pause.sentAt <= allowanceMs) figures.inFlightAtPause += 1;
    else if (kill !== null && request.at > kill) figures.afterPauseLostToKill += 1;
    else {
      figures.pausedViolations += 1;
      const until = new Date(pause.resumedAt ?? pause.end).toISOString();
      problems.push(`${request.path} at ${new Date(request.at).toISOString()} while paused by a ${pause.form} answer sent at ${new Date(pause.sentAt).toISOString()} until ${until}`);
    }
  }
}
