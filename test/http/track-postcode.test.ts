import t from 'tap';
import { destinationPostcode, normalizePostcode } from '../../core/http/track/postcode.js';

t.test("the second factor is the destination postcode of the shipment's metadata", async (t) => {
  t.equal(destinationPostcode({ destination: { postcode: 'sw1a 1aa' } }), 'SW1A1AA');
  t.equal(destinationPostcode({ postcode: 400001 }), '400001', 'a number is a postcode too');
  t.equal(destinationPostcode({ destination: { postcode: '10115' }, postcode: '99999' }), '10115', 'destination.postcode first');
  t.equal(destinationPostcode({ destination: { city: 'Berlin' }, postcode: '10115' }), '10115', 'else the top-level postcode');
  t.equal(destinationPostcode({}), null);
  t.equal(destinationPostcode({ postcode: { code: '1' } }), null, 'only a string or number');
  t.equal(normalizePostcode(' ec1a-1bb '), 'EC1A1BB');
});
