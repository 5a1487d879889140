import type { FastifyBaseLogger } from 'fastify';
import type { types } from 'mediasoup';
import type { InterviewService } from '../interviews/service.js';
import { BroadcastRoom, type RoomSnapshot } from './room.js';
import type { WorkerPool } from './workerPool.js';

/** The open rooms, one per interview, created on first use; creation is serialised per interview. */
export class RoomRegistry {
  private readonly rooms = new Map<number, Promise<BroadcastRoom>>();
  /** What a room whose worker died had on stage, restored into its successor. */
  private readonly carried = new Map<number, RoomSnapshot>();

  constructor(
    private readonly pool: WorkerPool,
    private readonly interviews: InterviewService,
    private readonly transportOptions: types.WebRtcTransportOptions,
    private readonly viewersPerRouter: number,
    private readonly log: FastifyBaseLogger,
  ) {
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
        (room) => room.once('close', () => this.rooms.get(interviewId) === pending && this.rooms.delete(interviewId)),
        () => this.rooms.delete(interviewId),
      );
    }
    return pending;
  }

  /** The room if one is open, without creating it. */
  async peek(interviewId: number): Promise<BroadcastRoom | undefined> {
    return this.rooms.get(interviewId);
  }

  async closeAll(): Promise<void> {
    for (const pending of this.rooms.values()) (await pending.catch(() => undefined))?.close('closed');
    this.rooms.clear();
  }
}
