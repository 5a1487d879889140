import type { types } from 'mediasoup';
import type { WorkerPool } from './workerPool.js';

/**
 * The routers one interview's viewers consume from. The stage router serves the first
 * `viewersPerRouter`; then a router on another worker takes the next, and the program's producers are
 * piped to it on first use, so one interview is not capped by one worker.
 */
export class ViewerRouters {
  private readonly slots: Array<{ router: types.Router; viewers: number }>;
  private readonly piped = new Map<string, Promise<void>>();

  constructor(
    private readonly stageRouter: types.Router,
    private readonly pool: WorkerPool,
    private readonly viewersPerRouter: number,
  ) {
    this.slots = [{ router: stageRouter, viewers: 0 }];
  }

  get routers(): types.Router[] {
    return this.slots.map((s) => s.router);
  }

  /** A router with room for one more viewer, created on another worker when all are full. */
  async take(): Promise<types.Router> {
    let slot = this.slots.find((r) => r.viewers < this.viewersPerRouter);
    if (!slot) {
      const router = await this.pool.createRouter(this.pool.workerOf(this.slots.at(-1)!.router));
      slot = { router, viewers: 0 };
      this.slots.push(slot);
    }
    slot.viewers++;
    return slot.router;
  }

  release(router: types.Router): void {
    const slot = this.slots.find((r) => r.router === router);
    if (slot) slot.viewers--;
  }

  /** Makes a stage producer available on a viewer router, piping it once; later consumers reuse the pipe. */
  ensureProducer(producerId: string, router: types.Router): Promise<void> {
    if (router === this.stageRouter) return Promise.resolve();
    const key = `${router.id}:${producerId}`;
    let done = this.piped.get(key);
    if (!done) {
      done = this.stageRouter.pipeToRouter({ producerId, router }).then(
        ({ pipeProducer }) => {
          pipeProducer?.observer.once('close', () => this.piped.delete(key));
        },
        (err: unknown) => {
          this.piped.delete(key);
          throw err;
        },
      );
      this.piped.set(key, done);
    }
    return done;
  }

  usesWorker(worker: types.Worker): boolean {
    return this.slots.some((r) => this.pool.workerOf(r.router) === worker);
  }

  close(): void {
    for (const r of this.slots) r.router.close();
  }
}
