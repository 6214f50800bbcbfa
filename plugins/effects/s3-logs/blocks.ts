import { parseLogLine } from './lines.js';

export interface BlockScan {
  /** Runs whose block is whole (its `run` line and every `call` line it announces), in file order. */
  runIds: string[];
  /** Where the last whole block ends (bytes); anything after it is a write torn by a crash. */
  completeBytes: number;
}

const NEWLINE = 0x0a;

/**
 * Reads spooled NDJSON block by block. Only the tail can be torn (appends are sequential, and a failed
 * append is truncated away), so a line that fits no block elsewhere is left alone and uploaded as it is.
 */
export function scanBlocks(content: Buffer): BlockScan {
  const runIds: string[] = [];
  let completeBytes = 0;
  let open: { runId: string; callsLeft: number } | null = null;
  for (let start = 0; start < content.length; ) {
    const newline = content.indexOf(NEWLINE, start);
    if (newline < 0) break; // a last line without its newline: torn
    const line = parseLogLine(content.subarray(start, newline).toString('utf8'));
    start = newline + 1;
    if (line?.type === 'run') open = { runId: line.runId, callsLeft: line.calls };
    else if (line?.type === 'call' && open !== null && line.runId === open.runId && open.callsLeft > 0) open.callsLeft -= 1;
    else {
      open = null;
      continue;
    }
    if (open.callsLeft === 0) {
      runIds.push(open.runId);
      completeBytes = start;
      open = null;
    }
  }
  return { runIds, completeBytes };
}

/** How many runs a spooled file holds. */
export function countRuns(content: Buffer): number {
  return scanBlocks(content).runIds.length;
}
