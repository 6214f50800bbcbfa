import type { ShipmentInput, ShipmentView, WaybillClient } from './client.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Registers a sandbox shipment without naming its courier, runs the courier, and reads the shipment back,
 * all through the typed client. Every field used here is one the document defines: a wrong one fails the
 * compile, and so does a spec that stops refusing a field it does not define (the @ts-expect-error lines).
 */
export async function registerRunAndRead(client: WaybillClient, trackingNumber: string, orderId: string): Promise<{ detected: boolean; runState: string; shipment: ShipmentView }> {
  const registered = await client.POST('/v1/shipments', { body: { trackingNumber, orderId } });
  if (!registered.data || 'shipments' in registered.data) throw new Error(`registration failed: ${registered.error?.code ?? registered.response.status}`);
  const detected = registered.data.courierDetected === true;

  const started = await client.POST('/v1/couriers/{name}/runs', { params: { path: { name: registered.data.courier } } });
  if (!started.data) throw new Error(`the run did not start: ${started.error?.code}`);
  let run = (await client.GET('/v1/runs/{id}', { params: { path: { id: started.data.runId } } })).data;
  while (run?.state === 'running') {
    await sleep(50);
    run = (await client.GET('/v1/runs/{id}', { params: { path: { id: started.data.runId } } })).data;
  }
  if (!run) throw new Error('the run vanished');

  const read = await client.GET('/v1/shipments/{courier}/{trackingNumber}', { params: { path: { courier: registered.data.courier, trackingNumber } } });
  if (!read.data) throw new Error(`lookup failed: ${read.error.code}`);
  return { detected, runState: run.state, shipment: read.data };
}

/** Never called: it only has to compile, proving the generated types refuse what the document does not define. */
export async function refusedByTheTypes(client: WaybillClient): Promise<void> {
  // @ts-expect-error a registration has no `colour` (checked on a typed value: openapi-fetch infers its body generically)
  const input: ShipmentInput = { trackingNumber: 'SBX-1', colour: 'red' };
  await client.POST('/v1/shipments', { body: input });
  // @ts-expect-error the tracking number is a string
  await client.POST('/v1/shipments', { body: { trackingNumber: 42 } });
  // @ts-expect-error there is no such route
  await client.GET('/v1/parcels');
  const read = await client.GET('/v1/shipments/{courier}/{trackingNumber}', { params: { path: { courier: 'sandbox', trackingNumber: 'SBX-1' } } });
  // @ts-expect-error a shipment view has no `colour`
  void read.data?.colour;
  // @ts-expect-error an error's code is one of the documented codes
  if (read.error?.code === 'NO_SUCH_CODE') return;
}
