import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Request lines at debug instead of info: scrapes and probes, which come every few seconds. */
    quietLogs?: boolean;
  }
}

const quiet = (request: FastifyRequest) => request.routeOptions.config?.quietLogs === true;

/**
 * Fastify's request lines, at debug for routes marked `quietLogs`. A route's `logLevel` cannot do this: it
 * only filters, so `warn` would hide these lines even at debug, and `debug` would let the route's own debug
 * lines through while the service logs at info. Errors keep their level.
 */
export class QuietRouteLogController extends LogController {
  override incomingRequest(request: FastifyRequest, reply: FastifyReply, metadata?: Record<string, unknown>): void {
    if (!quiet(request)) return super.incomingRequest(request, reply, metadata);
    if (!this.isLogDisabled(request)) request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply, metadata?: Record<string, unknown>): void {
    if (error || !quiet(request)) return super.requestCompleted(error, request, reply, metadata);
    if (!this.isLogDisabled(request)) reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
