import type { Layout, Participant, ParticipantStats, Program } from '../../../../shared/media.js';
import { MediaClient, type MediaPhase } from '../../lib/media/client.js';
import type { ConsumerMap } from '../../lib/media/feeds.js';
import { StatsList } from '../../lib/media/payloads.js';
import { receivedVideo, type ReceivedVideo } from '../../lib/media/received.js';
import type { MediaError } from '../../lib/media/signal.js';
import { ParticipantStreams } from '../../lib/media/streams.js';

const STATS_MS = 2_000;

/**
 * The director's (导播) view of one interview's media: everyone who publishes, a live preview of each,
 * their connection figures, and the program (who is on air, in which layout). The director watches
 * without going on stage.
 */
export class DirectorSession {
  phase = $state<MediaPhase>('connecting');
  error = $state<MediaError | null>(null);
  participants = $state.raw<Participant[]>([]);
  program = $state.raw<Program | null>(null);
  previews = $state.raw<Map<string, MediaStream>>(new Map());
  /** The server's figures per participant: send bitrate, loss, ICE/DTLS state. */
  stats = $state.raw<Map<string, ParticipantStats>>(new Map());
  /** What the preview actually receives, per participant: resolution and decoded frames. */
  received = $state.raw<Map<string, ReceivedVideo>>(new Map());

  readonly #client: MediaClient;
  readonly #streams = new ParticipantStreams();
  #consumers: ConsumerMap = new Map();
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(interviewId: number, language: string) {
    this.#client = new MediaClient({
      auth: { as: 'staff', interviewId },
      language,
      listener: {
        phase: (phase, error) => {
          this.phase = phase;
          this.error = error;
          // The interview ended and its room closed: nobody is on stage any more.
          if (phase === 'ended') {
            this.participants = [];
            this.previews = new Map();
            this.stats = new Map();
            this.received = new Map();
          }
        },
        participants: (list) => {
          this.participants = list;
          this.#follow();
        },
        program: (p) => (this.program = p),
        consumers: (c) => {
          this.#consumers = c;
          this.previews = this.#streams.build(this.participants, c);
        },
      },
    });
  }

  start(): void {
    this.#client.start();
    this.#timer = setInterval(() => void this.#poll(), STATS_MS);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#client.close();
  }

  retry(): void {
    this.#client.reconnect();
  }

  /** Lets a guest out of the green room onto the stage. */
  async admit(participantId: string): Promise<void> {
    await this.#client.request('stage:admit', { participantId });
  }

  /** Sends someone back to the green room; the server also takes them off air. */
  async sendBack(participantId: string): Promise<void> {
    await this.#client.request('stage:remove', { participantId });
  }

  async setProgram(participantIds: string[], layout: Layout): Promise<void> {
    this.program = await this.#client.request('program:set', { participantIds, layout });
  }

  /** Everyone's camera and microphone; on-air pictures at full size, the rest at the middle layer. */
  #follow(): void {
    this.#client.feeds.want(
      this.participants.flatMap((p) => [
        ...(p.producers.camera ? [{ producerId: p.producers.camera.id, streamId: p.id, spatialLayer: p.onAir ? 2 : 1 }] : []),
        ...(p.producers.microphone ? [{ producerId: p.producers.microphone.id, streamId: p.id }] : []),
      ]),
    );
    this.previews = this.#streams.build(this.participants, this.#consumers);
  }

  async #poll(): Promise<void> {
    if (this.phase !== 'connected') return;
    try {
      const parsed = StatsList.safeParse(await this.#client.request('stats', {}));
      if (parsed.success) this.stats = new Map(parsed.data.map((s) => [s.participantId, s]));
      this.received = await receivedVideo(this.participants, this.#consumers);
    } catch (err) {
      // Figures are a help, not a duty: a missed reading is followed by the next one in two seconds.
      console.warn('stats failed', err);
    }
  }
}
