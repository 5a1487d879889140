import { EventEmitter } from 'node:events';
import os from 'node:os';
import mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { FastifyBaseLogger } from 'fastify';
import { MEDIA_CODECS } from './settings.js';

export interface PoolSettings {
  workers?: number | undefined;
  minPort: number;
  maxPort: number;
}

/**
 * One mediasoup worker per core. A worker that dies is replaced, and 'died' tells the rooms on it to
 * rebuild; routers go to the worker with the fewest.
 */
export class WorkerPool extends EventEmitter<{ died: [worker: types.Worker] }> {
  private readonly workers: types.Worker[] = [];
  private readonly routerCounts = new Map<types.Worker, number>();
  private readonly routerWorker = new WeakMap<types.Router, types.Worker>();
  private closed = false;

  private constructor(
    private readonly settings: PoolSettings,
    private readonly log: FastifyBaseLogger,
  ) {
    super();
  }

  static async create(settings: PoolSettings, log: FastifyBaseLogger): Promise<WorkerPool> {
    const pool = new WorkerPool(settings, log);
    const n = settings.workers ?? os.availableParallelism();
    // Each worker gets its own slice of the port range so they never compete for a port.
    for (let i = 0; i < n; i++) pool.workers.push(await pool.spawn(i, n));
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  private async spawn(index: number, of: number): Promise<types.Worker> {
    const span = Math.floor((this.settings.maxPort - this.settings.minPort + 1) / of);
    const worker = await mediasoup.createWorker({
      logLevel: 'warn',
      rtcMinPort: this.settings.minPort + index * span,
      rtcMaxPort: this.settings.minPort + (index + 1) * span - 1,
      appData: { index },
    });
    this.routerCounts.set(worker, 0);
    worker.on('died', (err) => {
      this.log.error({ err, pid: worker.pid, index }, 'mediasoup worker died; replacing it');
      this.routerCounts.delete(worker);
      if (this.closed) return;
      // The rooms are told only once the replacement runs, so peers that reconnect at once find a worker.
      this.spawn(index, of).then(
        (replacement) => {
          this.workers[index] = replacement;
          this.emit('died', worker);
        },
        (e: unknown) => {
          this.log.error({ err: e }, 'could not replace a mediasoup worker');
          this.emit('died', worker);
        },
      );
    });
    return worker;
  }

  /** A new router on the least busy worker, optionally avoiding one (to spread an interview). */
  async createRouter(avoid?: types.Worker): Promise<types.Router> {
    const live = this.workers.filter((w) => !w.closed && this.routerCounts.has(w));
    const candidates = live.length > 1 && avoid ? live.filter((w) => w !== avoid) : live;
    const worker = candidates.sort((a, b) => this.routerCounts.get(a)! - this.routerCounts.get(b)!)[0];
    if (!worker) throw new Error('no mediasoup worker available');
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    this.routerCounts.set(worker, this.routerCounts.get(worker)! + 1);
    this.routerWorker.set(router, worker);
    router.observer.once('close', () => {
      if (this.routerCounts.has(worker)) this.routerCounts.set(worker, this.routerCounts.get(worker)! - 1);
    });
    return router;
  }

  /** The worker a router runs on. */
  workerOf(router: types.Router): types.Worker | undefined {
    return this.routerWorker.get(router);
  }

  /** CPU and memory of each worker, for benchmarks and health. */
  async usage(): Promise<Array<{ pid: number; usage: types.WorkerResourceUsage }>> {
    return Promise.all(this.workers.map(async (w) => ({ pid: w.pid, usage: await w.getResourceUsage() })));
  }

  close(): void {
    this.closed = true;
    for (const w of this.workers) w.close();
  }
}
