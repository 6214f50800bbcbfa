import {
  BadResponse,
  defineCourier,
  expectArray,
  expectObject,
  isObject,
  NO_CHANGE,
  text,
  type CourierAdapter,
  type CourierDeclaration,
  type StatusTable,
  type TrackResult,
} from 'waybill';

/** An invented courier: GET /v2/parcels?ids=A,B with an X-Api-Key header answers { parcels: [...], unknown: [...] }. */
const statuses: StatusTable = [
  { status: 'ACCEPTED', to: 'info_received' },
  { status: 'LABEL PRINTED', to: NO_CHANGE },
  { status: 'MOVING', to: 'in_transit' },
  { status: 'WITH COURIER', to: 'out_for_delivery' },
  { status: 'DELIVERED', to: 'delivered' },
];

const declaration: CourierDeclaration = {
  name: 'acme-parcel',
  displayName: 'Acme Parcel',
  batchSize: 5,
  batchLimit: 5,
  quota: { requests: 10, windowSeconds: 1 },
  concurrency: 1,
  schedule: { cron: '0 0 1 1 *', runOnStart: false, maxPerRun: 100 },
  auth: { kind: 'header', header: 'X-Api-Key', credential: 'api_key' },
  credentials: ['api_key'],
  endpoints: { baseUrl: 'https://api.acme-parcel.example' },
  statuses,
};

const adapter: CourierAdapter = {
  async track(batch, { http }) {
    const res = await http.get('/v2/parcels', { ids: batch.map((b) => b.trackingNumber).join(',') });
    const body = expectObject(res.body, 'the parcels response');
    const found = new Map<string, TrackResult>();
    for (const parcel of expectArray(body.parcels, 'parcels').filter(isObject)) {
      const id = text(parcel.id);
      const status = text(parcel.status);
      if (!id || !status) throw new BadResponse('unexpected_shape', 'a parcel without id or status');
      const events = expectArray(parcel.scans ?? [], 'scans').filter(isObject).map((s) => ({ at: text(s.at) ?? '', status: text(s.status) ?? '' }));
      found.set(id, { trackingNumber: id, found: true, status, events });
    }
    return batch.map((b) => found.get(b.trackingNumber) ?? { trackingNumber: b.trackingNumber, found: false, reason: 'unknown to Acme Parcel' });
  },
};

export default defineCourier(declaration, adapter);
