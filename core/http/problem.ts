import { STATUS_CODES } from 'node:http';

/**
 * The stable machine codes of the API's error answers: a client branches on `code`, never on `message`.
 * Documented in the OpenAPI document's `Error` schema.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNKNOWN_COURIER',
  'COURIER_NOT_DETECTED',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'SHIPMENT_NOT_FOUND',
  'COURIER_NOT_FOUND',
  'ORDER_NOT_FOUND',
  'RUN_NOT_FOUND',
  'REFRESH_JOB_NOT_FOUND',
  'DELIVERY_NOT_FOUND',
  'NO_WEBHOOKS',
  'WEBHOOK_REFUSED',
  'WEBHOOK_UNREADABLE',
  'ORDER_ID_CONFLICT',
  'TERMINAL_STATUS',
  'RUN_IN_PROGRESS',
  'COURIER_UNAVAILABLE',
  'NOT_A_DEAD_LETTER',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface Problem {
  statusCode: number;
  error: string;
  code: ErrorCode;
  message: string;
}

/** One error answer: `{statusCode, error, code, message}` plus the fields a code documents (`candidates`, `runId`). */
export function problem<E extends object = object>(statusCode: number, code: ErrorCode, message: string, extra?: E): Problem & E {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', code, message, ...(extra as E) };
}

/** The code of an error Fastify raised itself (a body it could not parse, too large, of a type it does not read). */
export function codeOfStatus(statusCode: number): ErrorCode {
  if (statusCode === 413) return 'PAYLOAD_TOO_LARGE';
  if (statusCode === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (statusCode === 404) return 'NOT_FOUND';
  if (statusCode === 401) return 'UNAUTHORIZED';
  if (statusCode === 429) return 'RATE_LIMITED';
  return statusCode >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
}
