/**
 * A typed Waybill client: openapi-fetch over the types openapi-typescript generates from the service's own
 * OpenAPI document. Compiled by test/e2e/typed-client.test.ts next to the generated `waybill-api.d.ts`
 * (this folder is left out of the repository's type-check, as that file exists only once generated).
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './waybill-api.js';

export type ShipmentInput = components['schemas']['ShipmentInput'];
export type ShipmentView = components['schemas']['ShipmentView'];

export function waybillClient(baseUrl: string, apiKey: string) {
  return createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${apiKey}` } });
}

export type WaybillClient = ReturnType<typeof waybillClient>;
