import type { FastifyBaseLogger } from 'fastify';
import type { SessionStore } from './sessions.js';

export interface SessionPurge {
  /** Stops the timer and waits for a purge under way, so the database can close after it. */
  stop(): Promise<void>;
}

/**
 * Deletes expired sessions once now (awaited) and then every `intervalMs`. Expired rows open nothing
 * (SessionStore.find checks the time), but without this the table grows by one row per login forever.
 */
export async function startSessionPurge(sessions: SessionStore, intervalMs: number, log: FastifyBaseLogger): Promise<SessionPurge> {
  let running: Promise<void> = Promise.resolve();
  const purge = (): Promise<void> =>
    sessions.purgeExpired().then(
      (n) => {
        if (n > 0) log.info({ purged: n }, 'expired sessions purged');
      },
      // A failed purge is retried at the next tick; it must not take the server down.
      (err: unknown) => log.error({ err }, 'purging expired sessions failed'),
    );
  await purge();
  const timer = setInterval(() => {
    running = purge();
  }, intervalMs);
  // Housekeeping never keeps the process alive on its own.
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
