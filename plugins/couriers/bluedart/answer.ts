import { BadResponse, expectObject, isObject, text, type Json } from 'waybill';
import { xmlBody } from './xml-body.js';

/** What one tracking answer says: an error for the whole request, and the Shipment elements it holds. */
export interface BlueDartAnswer {
  error: string | undefined;
  shipments: Json[];
}

/** One element or a list of them (XML-to-JSON converters write a single element without its list). */
export function listOf(value: unknown): Json[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/**
 * The body of a tracking answer: JSON as the core parsed it, or XML text. Blue Dart answers
 * `{ShipmentData: {Shipment: [...]}}`, or `{ShipmentData: {Error: "…"}}` for the request as a whole.
 */
export function readAnswer(body: unknown): BlueDartAnswer {
  const root = expectObject(typeof body === 'string' ? xmlBody(body) : body, 'the tracking answer');
  const data = expectObject(root.ShipmentData, 'ShipmentData');
  const error = text(data.Error);
  const shipment = data.Shipment;
  const elements = Array.isArray(shipment) ? shipment : [shipment];
  if (shipment !== undefined && !elements.every(isObject)) {
    throw new BadResponse('unexpected_shape', 'expected ShipmentData.Shipment to be an object or a list of objects');
  }
  if (shipment === undefined && error === undefined) throw new BadResponse('unexpected_shape', 'ShipmentData has neither a Shipment nor an Error');
  return { error, shipments: listOf(shipment) };
}
