import { RUN_COUNTERS, type RunReport } from 'waybill';

export interface Mail {
  subject: string;
  text: string;
  html: string;
}

const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function table(title: string, rows: readonly [string, string | number][]): { text: string; html: string } {
  const width = Math.max(...rows.map(([k]) => k.length), 8);
  return {
    text: [title, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join('\n'),
    html: `<h3>${escape(title)}</h3><table border="1" cellpadding="4" cellspacing="0">${rows
      .map(([k, v]) => `<tr><th align="left">${escape(k)}</th><td align="right">${escape(String(v))}</td></tr>`)
      .join('')}</table>`,
  };
}

/** The replaced system's run summary (seed 000 "Email Reports"): counts per outcome and per status, failures, unmapped statuses. */
export function runSummary({ run, unmappedStatuses, statuses }: RunReport, prefix: string): Mail {
  const checked = run.counts.claimed;
  const subject = `${prefix} ${run.courier} run ${run.state}: ${checked} checked, ${run.counts.updated} updated, ${run.counts.failed} failed${unmappedStatuses.length ? `, ${unmappedStatuses.length} unmapped` : ''}`;
  const facts: [string, string | number][] = [
    ['courier', run.courier],
    ['run', run.id],
    ['trigger', run.trigger],
    ['state', run.state],
    ['started', run.startedAt],
    ['finished', run.finishedAt ?? '—'],
    ...(run.pausedUntil ? ([['paused until', run.pausedUntil]] as [string, string][]) : []),
    ...(run.error ? ([['error', run.error]] as [string, string][]) : []),
  ];
  const parts = [
    table('Run', facts),
    table('Outcomes', RUN_COUNTERS.map((counter) => [counter, run.counts[counter]])),
    table('Shipments by status after the run', Object.entries(statuses).sort(([a], [b]) => a.localeCompare(b)).map(([status, n]) => [status, n ?? 0])),
    ...(unmappedStatuses.length ? [table('Raw statuses without a row in the status table', unmappedStatuses.map((s) => [s, 'unmapped']))] : []),
  ];
  return { subject, text: parts.map((p) => p.text).join('\n\n'), html: parts.map((p) => p.html).join('\n') };
}
