import type { FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../auth/plugin.js';

/**
 * A per-minute limit counted per staff session rather than per address: a media centre's whole crew often
 * sits behind one office NAT, and one busy editor must not use up the chat or the uploads of the others.
 * Requests without a session are counted by address (they are refused as unauthenticated anyway).
 */
export function perStaffSession(max: number): { max: number; timeWindow: number; keyGenerator: (req: FastifyRequest) => string } {
  return {
    max,
    timeWindow: 60_000,
    keyGenerator: (req) => {
      const session = req.cookies[SESSION_COOKIE];
      return session ? `s:${session}` : `ip:${req.ip}`;
    },
  };
}
