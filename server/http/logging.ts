import type { FastifyRequest, FastifyServerOptions } from 'fastify';

// Paths that carry a secret: a question's ticket (回执) on the asker's page and its API, a remote guest's
// invitation on the guest page and its API. Whoever reads the logs must not be able to open a netizen's
// question, or step on stage as a guest, with what they read.
const TICKET_IN_PATH = /(\/q\/|\/by-ticket\/)[^/?#]*/g;
const INVITE_IN_PATH = /^(\/g\/|\/api\/invites\/)[^/?#]*/;

/** The URL as it may be logged: every ticket and invitation token in its path replaced. */
export function urlForLog(url: string): string {
  return url.replace(TICKET_IN_PATH, '$1[ticket]').replace(INVITE_IN_PATH, '$1[invite]');
}

/** Fastify's own request serializer, with the URL made safe to log. */
function requestForLog(req: FastifyRequest) {
  return {
    method: req.method,
    url: urlForLog(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/** The logger options with the request serializer that keeps tickets out of the log. */
export function withSafeRequestLog(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger || typeof logger !== 'object') return logger;
  return { ...logger, serializers: { req: requestForLog, ...logger.serializers } };
}
