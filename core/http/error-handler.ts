import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { OrderIdConflict } from '../shipment/registration.js';
import { codeOfStatus, problem } from './problem.js';

/**
 * The app's error handler: every error answer carries a stable `code`. Schema errors are VALIDATION_FAILED
 * (the message names the field); a refused order id change is ORDER_ID_CONFLICT wherever it was registered;
 * anything unexpected is INTERNAL, logged, and its message kept out of the answer.
 */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.validation) return reply.code(400).send(problem(400, 'VALIDATION_FAILED', error.message));
  if (error instanceof OrderIdConflict) return reply.code(409).send(problem(409, 'ORDER_ID_CONFLICT', error.message));
  const statusCode = error.statusCode ?? 500;
  if (statusCode >= 500) {
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(problem(500, 'INTERNAL', 'internal error; the service log has the details'));
  }
  request.log.info({ err: error }, 'request refused');
  return reply.code(statusCode).send(problem(statusCode, codeOfStatus(statusCode), error.message));
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return reply.code(404).send(problem(404, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`));
}
