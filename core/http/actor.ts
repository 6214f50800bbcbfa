import type { FastifyRequest } from 'fastify';

/**
 * Who made a request, for the audit log: the name of its API key (`key-<n>`, its place in WAYBILL_API_KEYS,
 * set by the API-key check), or `anonymous` when the API runs without keys.
 */
export const requestActor = (request: FastifyRequest): string => request.apiKeyName ?? 'anonymous';
