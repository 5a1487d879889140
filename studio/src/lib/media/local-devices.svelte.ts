import type { MediaSource } from '../../../../shared/media.js';
import { LevelMeter } from './level-meter.js';
import { deviceErrorReason, listInputDevices, openCameraAndMicrophone, openTrack, type InputDevice } from './local-media.js';

export type DeviceProblem = ReturnType<typeof deviceErrorReason>;

/**
 * This browser's camera and microphone for the device check and the stage: the device lists, the choice,
 * the preview stream and the microphone level. Switching a device hands the new track to `onTrack`, so a
 * running publication swaps it without leaving the stage.
 */
export class LocalDevices {
  cameras = $state.raw<InputDevice[]>([]);
  microphones = $state.raw<InputDevice[]>([]);
  cameraId = $state<string | null>(null);
  microphoneId = $state<string | null>(null);
  /** Camera and microphone together, for the preview; null until started. */
  stream = $state.raw<MediaStream | null>(null);
  /** Microphone loudness 0–100. */
  level = $state(0);
  problem = $state<DeviceProblem | null>(null);
  starting = $state(false);
  onTrack: ((source: MediaSource, track: MediaStreamTrack) => Promise<void>) | null = null;

  #meter: LevelMeter | null = null;
  #opening: Promise<void> | null = null;
  /** Bumped by stop(), so a camera that opens after the page let go of it is closed at once. */
  #generation = 0;
  readonly #onDeviceChange = () => void this.#refreshList();

  get cameraTrack(): MediaStreamTrack | null {
    return this.stream?.getVideoTracks()[0] ?? null;
  }

  get microphoneTrack(): MediaStreamTrack | null {
    return this.stream?.getAudioTracks()[0] ?? null;
  }

  /**
   * Asks for the devices (the browser's permission prompt appears here) and starts preview and meter. A
   * second call while the first is still waiting for the camera waits for the same opening, so 上台
   * pressed meanwhile acts once the devices are there instead of finding none.
   */
  start(): Promise<void> {
    if (this.stream) return Promise.resolve();
    this.#opening ??= this.#open().finally(() => (this.#opening = null));
    return this.#opening;
  }

  async #open(): Promise<void> {
    this.starting = true;
    this.problem = null;
    const generation = this.#generation;
    try {
      const stream = await openCameraAndMicrophone(this.cameraId, this.microphoneId);
      if (generation !== this.#generation) {
        for (const t of stream.getTracks()) t.stop();
        return;
      }
      this.#use(stream);
      await this.#refreshList();
      navigator.mediaDevices.addEventListener('devicechange', this.#onDeviceChange);
    } catch (err) {
      console.warn('could not open camera and microphone', err);
      this.problem = deviceErrorReason(err);
    } finally {
      this.starting = false;
    }
  }

  selectCamera(id: string): Promise<void> {
    this.cameraId = id;
    return this.#switch('camera', 'video', id);
  }

  selectMicrophone(id: string): Promise<void> {
    this.microphoneId = id;
    return this.#switch('microphone', 'audio', id);
  }

  stop(): void {
    this.#generation++;
    navigator.mediaDevices?.removeEventListener('devicechange', this.#onDeviceChange);
    this.#meter?.stop();
    this.#meter = null;
    for (const t of this.stream?.getTracks() ?? []) t.stop();
    this.stream = null;
    this.level = 0;
  }

  async #switch(source: MediaSource, kind: 'video' | 'audio', id: string): Promise<void> {
    const current = this.stream;
    if (!current) return;
    try {
      const track = await openTrack(kind, id);
      const old = kind === 'video' ? current.getVideoTracks() : current.getAudioTracks();
      const keep = kind === 'video' ? current.getAudioTracks() : current.getVideoTracks();
      // The publication switches first, so viewers never see a stopped track in between.
      await this.onTrack?.(source, track);
      for (const t of old) t.stop();
      this.#use(new MediaStream([...keep, track]));
    } catch (err) {
      console.warn('could not switch device', err);
      this.problem = deviceErrorReason(err);
    }
  }

  #use(stream: MediaStream): void {
    this.stream = stream;
    this.cameraId = stream.getVideoTracks()[0]?.getSettings().deviceId ?? this.cameraId;
    this.microphoneId = stream.getAudioTracks()[0]?.getSettings().deviceId ?? this.microphoneId;
    this.#meter?.stop();
    const mic = stream.getAudioTracks()[0];
    this.#meter = mic ? new LevelMeter(mic, (level) => (this.level = level)) : null;
  }

  async #refreshList(): Promise<void> {
    const { cameras, microphones } = await listInputDevices();
    this.cameras = cameras;
    this.microphones = microphones;
  }
}
