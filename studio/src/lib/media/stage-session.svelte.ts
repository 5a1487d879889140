import type { Participant, Program } from '../../../../shared/media.js';
import { MediaClient, type MediaPhase } from './client.js';
import type { ConsumerMap } from './feeds.js';
import type { LocalDevices } from './local-devices.svelte.js';
import type { MediaAuth, MediaError } from './signal.js';
import { ParticipantStreams } from './streams.js';

/** Where this person stands, for the status line and its aria-live announcement. */
export type StageStanding = 'off' | 'joining' | 'green_room' | 'stage' | 'on_air';

/**
 * One person on the stage, from the studio (host, director, admin) or a guest's link: publishes the
 * local camera and microphone, mutes them, and receives the others on stage so both ends of the
 * conversation see and hear each other.
 */
export class StageSession {
  phase = $state<MediaPhase>('connecting');
  error = $state<MediaError | null>(null);
  participants = $state.raw<Participant[]>([]);
  program = $state.raw<Program | null>(null);
  /** The others on stage, one stream each (camera and microphone). */
  remote = $state.raw<Map<string, MediaStream>>(new Map());
  micOn = $state(true);
  cameraOn = $state(true);
  /** Whether this person asked to be on stage (kept across reconnects until they leave). */
  wanted = $state(false);
  #selfId = $state<string | null>(null);

  readonly me = $derived(this.participants.find((p) => p.id === this.#selfId) ?? null);
  readonly others = $derived(this.participants.filter((p) => p.id !== this.#selfId));
  readonly standing: StageStanding = $derived.by(() => {
    if (!this.wanted) return 'off';
    const me = this.me;
    // Joined once both the stage entry and the publication are there, so "on stage" means "visible".
    if (!me || !me.producers.camera || this.phase !== 'connected') return 'joining';
    if (me.state === 'green_room') return 'green_room';
    return me.onAir && this.program?.live ? 'on_air' : 'stage';
  });

  readonly #client: MediaClient;
  readonly #streams = new ParticipantStreams();
  #consumers: ConsumerMap = new Map();

  constructor(
    auth: MediaAuth,
    language: string,
    private readonly devices: LocalDevices,
  ) {
    this.#client = new MediaClient({
      auth,
      language,
      listener: {
        phase: (phase, error) => {
          this.phase = phase;
          this.error = error;
          if (phase === 'ended') this.#end();
        },
        participants: (list) => {
          this.participants = list;
          this.#follow();
        },
        program: (p) => (this.program = p),
        self: (me) => {
          this.#selfId = me.id;
          this.#follow();
        },
        consumers: (c) => {
          this.#consumers = c;
          this.remote = this.#streams.build(this.others, c);
        },
      },
    });
    // A device switched during the broadcast goes out at once, without leaving the stage.
    devices.onTrack = (source, track) => this.#client.publisher.setTrack(source, track);
  }

  start(): void {
    this.#client.start();
  }

  stop(): void {
    this.devices.onTrack = null;
    this.#client.close();
  }

  retry(): void {
    this.#client.reconnect();
  }

  /** Camera and microphone are still opening (the browser may be asking for permission). */
  get devicesStarting(): boolean {
    return this.devices.starting;
  }

  /**
   * 上台: publishes camera and microphone (a guest waits in the green room until admitted). Opens the
   * devices first, or waits for them if they are still opening; false when they could not be opened
   * (the device panel says why).
   */
  async join(): Promise<boolean> {
    await this.devices.start();
    const { cameraTrack, microphoneTrack } = this.devices;
    if (!cameraTrack && !microphoneTrack) return false;
    this.wanted = true;
    try {
      await this.#client.publisher.setTrack('camera', cameraTrack);
      await this.#client.publisher.setTrack('microphone', microphoneTrack);
      await this.#client.joinStage();
    } catch (err) {
      // Half on stage is worse than not at all: step back, and let the page say why.
      this.leave();
      throw err;
    }
    return true;
  }

  /** 下台. */
  leave(): void {
    this.wanted = false;
    this.#selfId = null;
    this.#client.leaveStage();
  }

  toggleMic(): Promise<void> {
    this.micOn = !this.micOn;
    return this.#client.publisher.setPaused('microphone', !this.micOn);
  }

  toggleCamera(): Promise<void> {
    this.cameraOn = !this.cameraOn;
    return this.#client.publisher.setPaused('camera', !this.cameraOn);
  }

  /**
   * The interview ended: this person is off the stage, and their camera and microphone go off (the
   * browser's indicator too), since nothing they show or say goes anywhere any more.
   */
  #end(): void {
    this.wanted = false;
    this.#selfId = null;
    this.participants = [];
    this.remote = new Map();
    this.devices.stop();
  }

  /** Receives the others on stage while this person is on it too; a guest in the green room receives nobody. */
  #follow(): void {
    const onStage = this.wanted && this.me?.state === 'stage';
    const feeds = onStage
      ? this.others
          .filter((p) => p.state === 'stage')
          .flatMap((p) =>
            [p.producers.camera, p.producers.microphone].flatMap((pr) =>
              // The smallest layer is plenty for the return picture and spares a guest's line.
              pr ? [{ producerId: pr.id, streamId: p.id, spatialLayer: 0 }] : [],
            ),
          )
      : [];
    this.#client.feeds.want(feeds);
    this.remote = this.#streams.build(this.others, this.#consumers);
  }
}
