import type { ApiCallRecord, CourierState, Run, RunCounts, RunResult, RunState, RunTrigger } from '../types.js';
import { emptyCounts } from '../types.js';
import type { MongoContext } from './collections.js';
import { isDuplicateKey } from './commit.js';
import { iso, toRun, type ApiCallDoc, type RunDoc } from './documents.js';
import { newId } from '../ids.js';

/**
 * Runs, the API-call log and courier pause state. A run is written only by the instance that owns it, one
 * awaited call after another, and courier state is last-writer-wins, so plain single-document writes do.
 */

export async function createRun(
  ctx: MongoContext,
  run: { courier: string; trigger: RunTrigger; state: RunState; owner: string; startedAt: Date; pausedUntil?: Date | null },
): Promise<Run> {
  const doc: RunDoc = {
    _id: newId(),
    courier: run.courier,
    trigger: run.trigger,
    state: run.state,
    owner: run.owner,
    startedAt: run.startedAt,
    finishedAt: run.state === 'running' ? null : run.startedAt,
    heartbeatAt: run.startedAt,
    counts: emptyCounts(),
    error: null,
    pausedUntil: run.pausedUntil ?? null,
    unmappedStatuses: [],
  };
  await ctx.runs.insertOne(doc);
  return toRun(doc);
}

export async function updateRunCounts(ctx: MongoContext, id: string, counts: RunCounts, now: Date): Promise<void> {
  await ctx.runs.updateOne({ _id: id }, { $set: { counts: { ...counts }, heartbeatAt: now } });
}

export async function heartbeatRun(ctx: MongoContext, id: string, now: Date): Promise<void> {
  await ctx.runs.updateOne({ _id: id, state: 'running' }, { $set: { heartbeatAt: now } });
}

/**
 * Each stale run is closed by a write conditional on it still being running with the heartbeat that was read:
 * of two instances sweeping at once only one closes it, and a run that beat in between stays open.
 */
export async function abandonStaleRuns(ctx: MongoContext, options: { cutoff: Date; now: Date; exceptOwner: string }): Promise<Run[]> {
  // A run stored before heartbeats has none: it counts as stale.
  const stale = await ctx.runs.find({ state: 'running', heartbeatAt: { $not: { $gte: options.cutoff } }, owner: { $ne: options.exceptOwner } }).toArray();
  const closed: Run[] = [];
  for (const run of stale) {
    const lastBeat = run.heartbeatAt ?? run.startedAt;
    const error = `its instance (${run.owner}) stopped sending heartbeats at ${lastBeat.toISOString()}`;
    const change = { state: 'abandoned' as const, finishedAt: options.now, heartbeatAt: lastBeat, error };
    // FerretDB v1 checks an update's filter and writes in two steps, so two sweepers could both "close" it.
    const won = await ctx.committer.once(`runs:${run._id}:abandoned`, async () => {
      const result = await ctx.runs.updateOne({ _id: run._id, state: 'running', heartbeatAt: run.heartbeatAt ?? { $exists: false } }, { $set: change });
      return result.modifiedCount === 1;
    });
    if (won) closed.push(toRun({ ...run, ...change }));
  }
  return closed;
}

export async function finishRun(ctx: MongoContext, id: string, result: RunResult): Promise<void> {
  const { state, finishedAt, counts, error, pausedUntil, unmappedStatuses } = result;
  await ctx.runs.updateOne(
    { _id: id },
    { $set: { state, finishedAt, counts: { ...counts }, error: error ?? null, pausedUntil: pausedUntil ?? null, unmappedStatuses: [...(unmappedStatuses ?? [])] } },
  );
}

export async function getRun(ctx: MongoContext, id: string): Promise<Run | null> {
  const doc = await ctx.runs.findOne({ _id: id });
  return doc ? toRun(doc) : null;
}

/** Newest first; runs started at the same time in the reverse order they were created. */
export async function listRuns(ctx: MongoContext, filter: { courier?: string | undefined; limit: number; offset?: number | undefined }): Promise<Run[]> {
  if (filter.limit <= 0) return []; // limit(0) would mean "no limit" to MongoDB
  const docs = await ctx.runs
    .find(filter.courier !== undefined ? { courier: filter.courier } : {})
    .sort({ startedAt: -1, _id: -1 })
    .skip(filter.offset ?? 0)
    .limit(filter.limit)
    .toArray();
  return docs.map(toRun);
}

export async function logApiCalls(ctx: MongoContext, calls: readonly ApiCallRecord[]): Promise<void> {
  if (calls.length === 0) return;
  const docs: ApiCallDoc[] = calls.map((c) => ({
    _id: newId(),
    courier: c.courier,
    runId: c.runId,
    method: c.method,
    path: c.path,
    status: c.status,
    durationMs: c.durationMs,
    error: c.error,
    at: c.at,
  }));
  await ctx.apiCalls.insertMany(docs, { ordered: true });
}

export async function countApiCalls(ctx: MongoContext, courier: string, since: Date): Promise<number> {
  return ctx.apiCalls.countDocuments({ courier, at: { $gte: since } });
}

/** In logging order (`_id` ascending: ids grow within the one instance that owns the run). */
export async function apiCallsOfRun(ctx: MongoContext, runId: string): Promise<ApiCallRecord[]> {
  const docs = await ctx.apiCalls.find({ runId }).sort({ _id: 1 }).toArray();
  return docs.map(({ courier, runId: id, method, path, status, durationMs, error, at }) => ({ courier, runId: id, method, path, status, durationMs, error, at }));
}

export async function getCourierState(ctx: MongoContext, courier: string): Promise<CourierState> {
  const doc = await ctx.courierState.findOne({ _id: courier });
  return { courier, pausedUntil: iso(doc?.pausedUntil ?? null), pauseReason: doc?.pauseReason ?? null, manual: doc?.manual ?? false };
}

export async function setCourierState(ctx: MongoContext, state: CourierState): Promise<void> {
  const pausedUntil = state.pausedUntil === null ? null : new Date(state.pausedUntil);
  if (pausedUntil !== null && Number.isNaN(pausedUntil.getTime())) throw new TypeError(`setCourierState: pausedUntil "${state.pausedUntil}" is not a date`);
  const doc = { pausedUntil, pauseReason: state.pauseReason, manual: state.manual };
  try {
    await ctx.courierState.replaceOne({ _id: state.courier }, doc, { upsert: true });
  } catch (error) {
    // Two first writes raced to insert the document: the other one is there now, so replace it.
    if (!isDuplicateKey(error)) throw error;
    await ctx.courierState.replaceOne({ _id: state.courier }, doc);
  }
}
