import t from 'tap';
import { BadResponse, type FoundResult, type TrackResult } from 'waybill';
import { readFixture } from 'waybill/testing';
import { readAnswer } from './answer.js';
import { toResult } from './shipment.js';

const FIXTURES = new URL('./fixtures/', import.meta.url);
const XML_FIXTURES = new URL('./fixtures/xml/', import.meta.url);

/** What the adapter makes of an answer's Shipment elements for the waybills asked. */
function resultsOf(body: unknown, numbers: readonly string[]): TrackResult[] {
  const { shipments } = readAnswer(body);
  return numbers.map((n) => {
    const shipment = shipments.find((s) => String(s.WaybillNo) === n);
    return shipment ? toResult(n, shipment) : { trackingNumber: n, found: false as const, reason: 'left out' };
  });
}

const found = (result: TrackResult | undefined): FoundResult => {
  if (!result?.found) throw new Error(`expected a found result, got ${JSON.stringify(result)}`);
  return result;
};

t.test('the XML and the JSON answer of the same RTO read the same, the return waybill included', async (t) => {
  const xml = readFixture(XML_FIXTURES, 'track-rto-with-return.json').response.body;
  const json = readFixture(FIXTURES, 'track-rto-with-return.json').response.body;
  t.type(xml, 'string', 'the XML fixture is text, as the servlet sends it');
  const numbers = ['59638108526', '42057026524'];
  const fromXml = resultsOf(xml, numbers);
  t.same(fromXml, resultsOf(json, numbers), 'same results, field for field (scan codes "074" and 74 both read "74")');
  const original = found(fromXml[0]);
  t.equal(original.status, "RETURNED TO ORIGIN AT SHIPPER'S REQUEST", '&apos; decoded');
  t.equal(original.statusType, 'RT');
  t.equal(original.code, '74', 'the current status carries the code of its scan');
  t.equal(original.statusAt, '2017-12-14T17:45:00+05:30', '"14 December 2017" "17:45" read in IST');
  t.same(original.links, [{ trackingNumber: '42057026524', relation: 'return' }], 'NewWaybillNo is the return waybill');
  t.equal(original.reference, '199644521E12010250', 'RefNo from the <Shipment> attribute');
  t.equal(original.events.length, 18);
  t.same(original.events[0], { at: '2017-12-14T17:45:00+05:30', status: "RETURNED TO ORIGIN AT SHIPPER'S REQUEST", statusType: 'RT', code: '74', location: 'MAHADEVAPURA INDUS. AREA' });
  const returned = found(fromXml[1]);
  t.match(returned, { status: 'SHIPMENT DELIVERED', statusType: 'DL', reference: '074 - 59638108526', description: 'received by CO STAMP', location: 'SEEPZ' });
  t.equal(returned.links, undefined, 'a delivered waybill names no return');
});

t.test('a single Shipment and its scans read as lists, with or without scan codes (the 2012 sample)', async (t) => {
  const fixture = readFixture(XML_FIXTURES, 'track-delivered-2012.json');
  const [result] = resultsOf(fixture.response.body, ['44330038841']);
  const delivered = found(result);
  t.match(delivered, { status: 'Shipment delivered', statusType: 'DL', statusAt: '2012-06-07T13:05:00+05:30', reference: '1131275-77758', code: undefined });
  t.equal(delivered.events.length, 9);
  t.equal(delivered.events[0]?.description, 'received by SIGN', 'ReceivedBy on the delivery scan');
  t.same(delivered.events.at(-1), { at: '2012-06-01T21:23:00+05:30', status: 'Shipment Inscan', statusType: 'UD', code: undefined, location: 'OVALI WAREHOUSE' }, '"01-Jun-2012" "21:23"');
});

t.test('an unknown waybill in a batch is a Shipment with StatusType NF: not found, the other one found', async (t) => {
  const fixture = readFixture(XML_FIXTURES, 'track-batch-with-unknown.json');
  const [known, unknown] = resultsOf(fixture.response.body, ['44330038841', '44330000000']);
  t.equal(known?.found, true);
  t.same(unknown, { trackingNumber: '44330000000', found: false, reason: 'Blue Dart: Incorrect Waybill number or No Information' });
});

t.test("a refusal for the whole request is read as the answer's Error", async (t) => {
  const fixture = readFixture(XML_FIXTURES, 'licence-mismatch.json');
  t.same(readAnswer(fixture.response.body), { error: 'License Mismatch', shipments: [] });
});

t.test('bodies that are not a tracking answer are typed BadResponses naming what is wrong', async (t) => {
  const cases: [string, string, BadResponse['problem'], RegExp][] = [
    ['cut off mid-element', '<?xml version="1.0"?><ShipmentData><Shipment WaybillNo="1"><Status>SHIPMENT ARR', 'truncated', /cut off/],
    ['cut off after a tag', '<ShipmentData><Shipment WaybillNo="1"><Status>SHIPMENT ARRIVED</Status>', 'truncated', /cut off/],
    ['empty', '   ', 'truncated', /empty/],
    ['mismatched tags', '<ShipmentData><Shipment></Scans></ShipmentData>', 'malformed', /not well-formed XML/],
    ['JSON where XML was asked', '{"ShipmentData": {}}', 'malformed', /not well-formed XML/],
    ['an HTML error page', '<html><body><h1>502 Bad Gateway</h1></body></html>', 'unexpected_shape', /ShipmentData to be an object/],
    ['a Shipment that is text', '<ShipmentData><Shipment>none</Shipment></ShipmentData>', 'unexpected_shape', /Shipment to be an object/],
    ['neither Shipment nor Error', '<ShipmentData></ShipmentData>', 'unexpected_shape', /ShipmentData to be an object|neither a Shipment nor an Error/],
  ];
  for (const [what, body, problem, message] of cases) {
    const error = (() => {
      try {
        readAnswer(body);
        return null;
      } catch (e) {
        return e;
      }
    })();
    t.ok(error instanceof BadResponse, `${what}: a BadResponse`);
    t.match(error, { problem, message }, `${what}: ${problem}`);
  }
});
