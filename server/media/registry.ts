import { EventEmitter } from 'node:events';
import type { FastifyBaseLogger } from 'fastify';
import type { types } from 'mediasoup';
import type { InterviewService } from '../interviews/service.js';
import { BroadcastRoom, type RoomCloseReason, type RoomSnapshot } from './room.js';
import type { WorkerPool } from './workerPool.js';

/**
 * The open rooms, one per interview, created on first use; creation is serialised per interview. A room
 * closes (its routers with it) when its interview ends, or when nobody has been connected for `idleMs`;
 * the next join opens a new one. Without this every interview ever watched would keep its routers.
 */
export class RoomRegistry extends EventEmitter<{ open: [room: BroadcastRoom] }> {
  private readonly rooms = new Map<number, Promise<BroadcastRoom>>();
  /** What a room whose worker died had on stage, restored into its successor. */
  private readonly carried = new Map<number, RoomSnapshot>();
  private readonly idleTimers = new Map<BroadcastRoom, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly pool: WorkerPool,
    private readonly interviews: InterviewService,
    private readonly transportOptions: types.WebRtcTransportOptions,
    private readonly viewersPerRouter: number,
    private readonly log: FastifyBaseLogger,
    private readonly idleMs: number,
  ) {
    super();
    pool.on('died', (worker) => {
      for (const [id, pending] of this.rooms) {
        pending.then(
          (room) => {
            if (room.usesWorker(worker)) {
              this.log.warn({ interviewId: id }, 'closing a room whose media worker died; its peers will reconnect');
              this.carried.set(id, room.snapshot());
              room.close('worker_died');
            }
          },
          () => undefined,
        );
      }
    });
  }

  get(interviewId: number): Promise<BroadcastRoom> {
    let pending = this.rooms.get(interviewId);
    if (!pending) {
      pending = this.interviews.getById(interviewId).then(async (i) => {
        const room = await BroadcastRoom.create(interviewId, i.status === 'live', this.pool, this.transportOptions, this.viewersPerRouter);
        const carried = this.carried.get(interviewId);
        if (carried) {
          room.restore(carried);
          this.carried.delete(interviewId);
        }
        return room;
      });
      this.rooms.set(interviewId, pending);
      pending.then(
        (room) => {
          room.once('close', (reason) => {
            clearTimeout(this.idleTimers.get(room));
            this.idleTimers.delete(room);
            if (this.rooms.get(interviewId) === pending) this.rooms.delete(interviewId);
            this.log.info({ interviewId, reason }, 'media room closed');
          });
          room.on('empty', () => this.closeWhenIdle(room));
          // A room opened for a peer that never arrived would otherwise never close.
          this.closeWhenIdle(room);
          // The recorder attaches to every room, including one rebuilt after its worker died.
          this.emit('open', room);
        },
        () => this.rooms.delete(interviewId),
      );
    }
    return pending;
  }

  /** Closes an interview's room now, if one is open (its interview ended). */
  async close(interviewId: number, reason: RoomCloseReason): Promise<void> {
    const room = await this.rooms.get(interviewId)?.catch(() => undefined);
    room?.close(reason);
  }

  /** Every open room, for health figures and tests. */
  get size(): number {
    return this.rooms.size;
  }

  private closeWhenIdle(room: BroadcastRoom): void {
    clearTimeout(this.idleTimers.get(room));
    const timer = setTimeout(() => {
      this.idleTimers.delete(room);
      if (room.isEmpty) room.close('idle');
    }, this.idleMs);
    // An idle room must not keep the process alive on shutdown.
    timer.unref();
    this.idleTimers.set(room, timer);
  }

  /** The room if one is open, without creating it. */
  async peek(interviewId: number): Promise<BroadcastRoom | undefined> {
    return this.rooms.get(interviewId);
  }

  async closeAll(): Promise<void> {
    for (const pending of [...this.rooms.values()]) (await pending.catch(() => undefined))?.close('closed');
    this.rooms.clear();
  }
}
