import type { FastifyBaseLogger } from 'fastify';
import type { Domain } from './domain.js';

/** How often unused uploads are looked for: hourly is plenty for files kept for days. */
export const UPLOAD_SWEEP_MS = 3600_000;

export interface Housekeeping {
  /** Stops the timer and waits for a run under way, so the database can close after it. */
  stop(): Promise<void>;
}

/**
 * Runs a clean-up once now (awaited) and then every `intervalMs`. The task answers how much it removed, which
 * is logged when it is anything. A failed run is logged and tried again at the next tick: housekeeping must
 * never take the server down, nor keep the process alive on its own.
 */
export async function startHousekeeping(name: string, task: () => Promise<number>, intervalMs: number, log: FastifyBaseLogger): Promise<Housekeeping> {
  let running: Promise<void> = Promise.resolve();
  const run = (): Promise<void> =>
    task().then(
      (removed) => {
        if (removed > 0) log.info({ task: name, removed }, 'housekeeping removed old rows');
      },
      (err: unknown) => log.error({ err, task: name }, 'housekeeping failed'),
    );
  await run();
  const timer = setInterval(() => {
    running = run();
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/** Removes the photos uploaded before `before` that nothing uses; answers how many uploads went. */
export async function sweepUnusedUploads(domain: Pick<Domain, 'livetext' | 'receipts'>, before: Date): Promise<number> {
  const cutoff = before.toISOString();
  return (await domain.livetext.sweepUnattached(cutoff)) + (await domain.receipts.sweepUnused(cutoff));
}
