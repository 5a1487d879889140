import type { FastifyInstance } from 'fastify';
import type { Server } from 'socket.io';
import type { Config } from '../config.js';
import type { Domain } from '../domain.js';
import { openRecordingTap } from './recordingTap.js';
import { RoomRegistry } from './registry.js';
import { webRtcTransportOptions } from './settings.js';
import { attachMediaSignalling } from './signalling.js';
import { WorkerPool } from './workerPool.js';

/** The media module: the only place that touches mediasoup. */
export interface Media {
  pool: WorkerPool;
  rooms: RoomRegistry;
  /** Taps a stage participant's producers into plain RTP for the recorder (server/recording). */
  openRecordingTap: typeof openRecordingTap;
  close(): Promise<void>;
}

/** Starts the workers and the `/media` signalling namespace on the app's Socket.IO server. */
export async function startMedia(app: FastifyInstance, io: Server, domain: Domain, config: Config): Promise<Media> {
  const pool = await WorkerPool.create({ workers: config.MEDIA_WORKERS, minPort: config.MEDIA_MIN_PORT, maxPort: config.MEDIA_MAX_PORT }, app.log);
  const rooms = new RoomRegistry(
    pool,
    domain.interviews,
    webRtcTransportOptions(config),
    config.MEDIA_VIEWERS_PER_ROUTER,
    app.log,
    config.MEDIA_ROOM_IDLE_SECONDS * 1000,
  );
  attachMediaSignalling(app, io, domain, rooms);
  app.log.info({ workers: pool.size }, 'media workers started');
  return {
    pool,
    rooms,
    openRecordingTap,
    async close() {
      await rooms.closeAll();
      pool.close();
    },
  };
}
