import type { MongoContext } from './collections.js';

/** Ids per delete command, so one prune never sends an unbounded `$in`. */
const CHUNK = 1_000;

/**
 * Finished runs before `before` and their API calls, the calls first: a prune cut short leaves runs whose
 * calls are gone (deleted next time), never calls of a deleted run.
 */
export async function pruneRuns(ctx: MongoContext, before: Date): Promise<{ runs: number; apiCalls: number }> {
  const finished = { state: { $ne: 'running' as const }, finishedAt: { $lt: before } };
  const ids = (await ctx.runs.find(finished, { projection: { _id: 1 } }).toArray()).map((doc) => doc._id);
  let runs = 0;
  let apiCalls = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    apiCalls += (await ctx.apiCalls.deleteMany({ runId: { $in: chunk } })).deletedCount;
    runs += (await ctx.runs.deleteMany({ _id: { $in: chunk }, ...finished })).deletedCount;
  }
  apiCalls += (await ctx.apiCalls.deleteMany({ runId: null, at: { $lt: before } })).deletedCount;
  return { runs, apiCalls };
}

/** A delivered message is never written again (a redrive takes dead ones only), so a plain delete will do. */
export async function pruneDeliveredOutbox(ctx: MongoContext, before: Date): Promise<number> {
  return (await ctx.outbox.deleteMany({ state: 'delivered', deliveredAt: { $lt: before } })).deletedCount;
}
