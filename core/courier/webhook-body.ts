import { BadWebhook } from '../errors.js';
import { isObject, type Json } from './shape.js';

/** A webhook body as the JSON object it must be; anything else is a BadWebhook (400) saying so. */
export function webhookJson(raw: Buffer): Json {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new BadWebhook('the body is not JSON');
  }
  if (!isObject(body)) throw new BadWebhook('the body is not a JSON object');
  return body;
}
