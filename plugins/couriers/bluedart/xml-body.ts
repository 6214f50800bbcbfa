import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { BadResponse, type Json } from 'waybill';

/** Elements Blue Dart repeats: one of them must still read as a list of one. */
const REPEATED = new Set(['Shipment', 'ScanDetail']);

const parser = new XMLParser({
  // WaybillNo and RefNo are attributes of <Shipment>: read them as fields beside its elements.
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Waybill numbers and scan codes ("074") are text: numbers would lose leading zeros and digits.
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => REPEATED.has(name),
});

/** The validator names open elements when the text ends before they close: the body was cut off. */
const cutOff = (message: string) => /^Invalid '\[.*\]' found/s.test(message) || /unclosed/i.test(message);

/**
 * Blue Dart's XML answer as the same shape its JSON answer has (`ShipmentData.Shipment[]`,
 * `Scans.ScanDetail[]`). Text that is not XML, or stops midway, is a BadResponse saying which.
 */
export function xmlBody(text: string): Json {
  const trimmed = text.trim();
  if (trimmed === '') throw new BadResponse('truncated', 'the XML answer is empty');
  const verdict = XMLValidator.validate(trimmed);
  if (verdict !== true) {
    const { msg, line, col } = verdict.err;
    const problem = trimmed.startsWith('<') && (cutOff(msg) || !trimmed.endsWith('>')) ? 'truncated' : 'malformed';
    throw new BadResponse(problem, `the XML answer is ${problem === 'truncated' ? 'cut off' : 'not well-formed XML'} (line ${line}, column ${col}: ${msg.replace(/\s+/g, ' ')})`);
  }
  return parser.parse(trimmed) as Json;
}
