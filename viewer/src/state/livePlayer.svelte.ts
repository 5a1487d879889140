import type { Program } from '../lib/contract.js';
import { compose, hasMedia } from '../lib/media/program.js';
import type { ProgramReceiver, ReceiverPhase } from '../lib/media/receiver.js';
import { exposeForTests } from '../lib/media/testHook.js';

/**
 * What the player container reports in `data-state` (the page adds `ended` from the interview):
 * `waiting` is live but with nobody on air yet (or for a moment), `idle` a player that cannot play.
 */
export type PlayerState = 'idle' | 'waiting' | 'connecting' | 'playing' | 'reconnecting';

/** A program slot's sound, ready for an audio element. */
export interface AudioFeed {
  participantId: string;
  track: MediaStreamTrack;
}

/**
 * The live player of one interview: what is on air, the tracks received for it, where the connection
 * stands and whether the viewer hears it. The receiver (and mediasoup-client with it) loads only once
 * the interview is live, so a page before or after the broadcast never downloads it.
 */
export class LivePlayer {
  #phase = $state<ReceiverPhase | 'load_failed'>('connecting');
  #program = $state.raw<Program | null>(null);
  #tracks = $state.raw<ReadonlyMap<string, MediaStreamTrack>>(new Map());
  /** What the viewer chose. */
  #soundOn = $state(true);
  /** The browser refused to play sound before the viewer interacted with the page. */
  #soundBlocked = $state(false);
  #receiver: ProgramReceiver | null = null;
  /** Something played since the page went live: an empty program now is a break, not the start. */
  #hasPlayed = $state(false);

  readonly composition = $derived(hasMedia(this.#program) && this.#program ? compose(this.#program) : null);

  readonly state: PlayerState = $derived.by(() => {
    const phase = this.#phase;
    if (phase === 'unsupported' || phase === 'load_failed') return 'idle';
    if (!this.#program) return phase === 'playing' ? 'connecting' : phase;
    if (!hasMedia(this.#program)) return 'waiting';
    return phase;
  });

  readonly audio: AudioFeed[] = $derived(
    (this.#program?.slots ?? []).flatMap((slot) => {
      const track = slot.audioProducerId ? this.#tracks.get(slot.audioProducerId) : undefined;
      return track ? [{ participantId: slot.participantId, track }] : [];
    }),
  );

  /** Why nothing plays although the interview is live, if that is the reason. */
  get problem(): 'unsupported' | 'load_failed' | null {
    return this.#phase === 'unsupported' || this.#phase === 'load_failed' ? this.#phase : null;
  }
  get hasPlayed() {
    return this.#hasPlayed;
  }
  get muted() {
    return !this.#soundOn || this.#soundBlocked;
  }
  get soundBlocked() {
    return this.#soundBlocked;
  }

  trackFor(producerId: string | null): MediaStreamTrack | null {
    return (producerId && this.#tracks.get(producerId)) || null;
  }

  /** An audio element could not start with sound: play muted and offer the unmute button. */
  blockSound(): void {
    this.#soundBlocked = true;
  }

  /** The sound button: after a refusal it is the gesture the browser waited for. */
  toggleSound(): void {
    if (this.#soundBlocked) {
      this.#soundBlocked = false;
      this.#soundOn = true;
    } else {
      this.#soundOn = !this.#soundOn;
    }
  }

  setLayer(producerId: string, spatialLayer: number): void {
    this.#receiver?.setLayer(producerId, spatialLayer);
  }

  /** Connects to the interview's media; returns a function that disconnects. */
  start(slug: string): () => void {
    let stopped = false;
    let unexpose = () => {};
    import('../lib/media/receiver.js').then(
      ({ ProgramReceiver }) => {
        if (stopped) return;
        const receiver = new ProgramReceiver(slug, {
          program: (p) => (this.#program = p),
          phase: (p) => {
            this.#phase = p;
            if (p === 'playing') this.#hasPlayed = true;
          },
          tracks: (t) => (this.#tracks = t),
        });
        this.#receiver = receiver;
        unexpose = exposeForTests(receiver);
        receiver.start();
      },
      (err: unknown) => {
        console.warn('fangtan: the live player could not be loaded', err);
        if (!stopped) this.#phase = 'load_failed';
      },
    );
    return () => {
      stopped = true;
      unexpose();
      this.#receiver?.stop();
      this.#receiver = null;
      this.#tracks = new Map();
    };
  }
}
