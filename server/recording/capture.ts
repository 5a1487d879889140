import type { FastifyBaseLogger } from 'fastify';
import type { BroadcastRoom } from '../media/room.js';
import type { RecordingTap, TapPorts } from '../media/recordingTap.js';
import { SEGMENT_SECONDS, startCaptureProcess, udpListening, type CaptureProcess } from './ffmpeg.js';
import type { PortPairs } from './ports.js';
import type { RecordingStore } from './store.js';

export type OpenTap = (room: BroadcastRoom, participantId: string, ports: TapPorts) => Promise<RecordingTap | null>;

/** How long to wait before starting ffmpeg again after it died, so a broken setup does not spin. */
const RESTART_DELAY_MS = 1000;
/** How often closed segments are probed and listed while recording. */
const INGEST_EVERY_MS = 3000;

/**
 * Records one stage participant in one room: a tap of their current producers into one ffmpeg after
 * another. When ffmpeg dies it starts again (a new run) as long as the tap lives; when the tap ends (they
 * left, republished, their worker died), the capture ends and the recorder decides what comes next.
 */
export class ParticipantCapture {
  private tap: RecordingTap | null = null;
  private proc: CaptureProcess | null = null;
  private ports: number[] = [];
  private stopping = false;
  private keyTimer: ReturnType<typeof setTimeout> | null = null;
  private ingestTimer: ReturnType<typeof setInterval> | null = null;
  /** Wall ms of the last restart of ffmpeg (for the status: a problem for a while after). */
  lastRestartMs: number | null = null;
  readonly ended: Promise<void>;
  private endResolve: () => void = () => undefined;

  constructor(
    readonly interviewId: number,
    readonly participantId: string,
    readonly name: string,
    private readonly room: BroadcastRoom,
    private readonly store: RecordingStore,
    private readonly portPairs: PortPairs,
    private readonly openTap: OpenTap,
    private readonly log: FastifyBaseLogger,
  ) {
    this.ended = new Promise((r) => (this.endResolve = r));
  }

  /** The current tap (the benchmark traces its key frames). */
  get currentTap(): RecordingTap | null {
    return this.tap;
  }

  get producerIds(): string[] {
    return this.tap?.producerIds ?? [];
  }

  get kinds(): Array<'audio' | 'video'> {
    return this.tap?.kinds ?? [];
  }

  /** The folder the running ffmpeg writes into, if any. */
  get runDir(): string | null {
    return this.proc?.dir ?? null;
  }

  /** The running ffmpeg's pid (tests kill it to check the restart). */
  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Opens the tap and the first run; false when the participant publishes nothing. */
  async start(): Promise<boolean> {
    const audio = await this.portPairs.take();
    const video = await this.portPairs.take();
    this.ports = [audio, video];
    const tap = await this.openTap(this.room, this.participantId, { audio, video }).catch((err: unknown) => {
      this.log.warn({ err, participantId: this.participantId }, 'could not tap a participant for recording');
      return null;
    });
    if (!tap) {
      this.release();
      return false;
    }
    this.tap = tap;
    void tap.ended.then(() => this.stop());
    await this.run();
    this.scheduleKeyFrames();
    this.ingestTimer = setInterval(() => void this.ingest(true), INGEST_EVERY_MS);
    this.ingestTimer.unref();
    return true;
  }

  private async run(): Promise<void> {
    const tap = this.tap;
    if (!tap || this.stopping) return;
    const startedMs = Date.now();
    const dir = this.store.runDir(this.interviewId, this.participantId, startedMs);
    const ports = tap.kinds.map((k) => (k === 'audio' ? this.ports[0]! : this.ports[1]!));
    const proc = startCaptureProcess({ dir, sdp: tap.sdp, info: { participantId: this.participantId, startedMs, kinds: tap.kinds }, rtcpPorts: ports.map((p) => p + 1) });
    this.proc = proc;
    void proc.exited.then(async ({ code, signal, stderr }) => {
      await this.store.ingestRun(this.interviewId, dir, false).catch((err: unknown) => this.log.error({ err }, 'recording ingest failed'));
      if (this.stopping || this.proc !== proc) return;
      this.log.warn({ participantId: this.participantId, code, signal, stderr: stderr.slice(-600) }, 'recording ffmpeg exited; starting it again');
      this.lastRestartMs = Date.now();
      setTimeout(() => void this.run(), RESTART_DELAY_MS).unref();
    });
    if (!(await udpListening(ports.flatMap((p) => [p, p + 1])))) this.log.warn({ participantId: this.participantId }, 'recording ffmpeg is not listening yet');
    // Resumed only now: a key frame sent before ffmpeg listens is lost, and without one it cannot start.
    await tap.resume().catch(() => undefined);
    // Until ffmpeg has found both streams' parameters it needs a key frame, and the first requests can be
    // lost (the browser's transport may still be connecting after a reconnect): ask again until it has one.
    let probed = false;
    void proc.origin.then(() => (probed = true));
    const ask = setInterval(() => {
      if (probed || this.stopping || this.proc !== proc) return clearInterval(ask);
      void tap.requestKeyFrame().catch(() => undefined);
    }, 700);
    ask.unref();
  }

  /**
   * A key frame just after every wall-clock multiple of the segment length: ffmpeg cuts there (it may only
   * cut on a key frame), and browsers send none unasked, so segments stay ~10 s and line up across people.
   */
  private scheduleKeyFrames(): void {
    const period = SEGMENT_SECONDS * 1000;
    const wait = period - (Date.now() % period) + 20;
    this.keyTimer = setTimeout(() => {
      void this.tap?.requestKeyFrame().catch(() => undefined);
      if (!this.stopping) this.scheduleKeyFrames();
    }, wait);
    this.keyTimer.unref();
  }

  /** Lists the segments closed so far. */
  async ingest(open: boolean): Promise<void> {
    const dir = this.proc?.dir;
    if (dir) await this.store.ingestRun(this.interviewId, dir, open).catch((err: unknown) => this.log.error({ err }, 'recording ingest failed'));
  }

  /** Finishes the open segment, closes the tap, lists every segment. */
  async stop(): Promise<void> {
    if (this.stopping) return this.ended;
    this.stopping = true;
    if (this.keyTimer) clearTimeout(this.keyTimer);
    if (this.ingestTimer) clearInterval(this.ingestTimer);
    const proc = this.proc;
    await proc?.stop();
    if (proc) await this.store.ingestRun(this.interviewId, proc.dir, false).catch((err: unknown) => this.log.error({ err }, 'recording ingest failed'));
    this.tap?.close();
    this.release();
    this.endResolve();
  }

  private release(): void {
    for (const p of this.ports) this.portPairs.release(p);
    this.ports = [];
  }
}
