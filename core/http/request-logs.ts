import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Request lines at debug instead of info: scrapes and probes, which come every few seconds. */
    quietLogs?: boolean;
  }
}

const quiet = (request: FastifyRequest) => request.routeOptions.config?.quietLogs === true;

/**
 * One line per request at info: the completed line carries the request (method, URL, client) as well as the
 * answer and its time, and "incoming request" is at debug — two lines per lookup were a quarter of its cost.
 * Routes marked `quietLogs` log both at debug. A route's `logLevel` cannot do this: it only filters, so
 * `warn` would hide these lines even at debug, and `debug` would let the route's own debug lines through
 * while the service logs at info. Errors keep their level.
 */
export class RequestLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (!this.isLogDisabled(request)) request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply, metadata?: Record<string, unknown>): void {
    if (error) return super.requestCompleted(error, request, reply, metadata);
    if (this.isLogDisabled(request)) return;
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (quiet(request)) reply.log.debug(line, 'request completed');
    else reply.log.info(line, 'request completed');
  }
}
