// About ten readings a second is smooth to the eye and cheap; animation frames would be 60.
const INTERVAL_MS = 100;

/**
 * The loudness of a microphone track, 0–100, from a WebAudio AnalyserNode. It only listens: nothing is
 * connected to the speakers, so there is no feedback.
 */
export class LevelMeter {
  readonly #context: AudioContext;
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(track: MediaStreamTrack, onLevel: (level: number) => void) {
    this.#context = new AudioContext();
    const source = this.#context.createMediaStreamSource(new MediaStream([track]));
    const analyser = this.#context.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    // Browsers start an AudioContext suspended until the page had a click; the meter is opened by one.
    void this.#context.resume();
    this.#timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      const rms = Math.sqrt(sum / samples.length);
      // Decibels mapped onto 0–100 from −60 dBFS (silence) to 0 dBFS, roughly how level meters read.
      const db = rms > 0 ? 20 * Math.log10(rms) : -Infinity;
      onLevel(Math.round(Math.max(0, Math.min(100, ((db + 60) / 60) * 100))));
    }, INTERVAL_MS);
  }

  stop(): void {
    clearInterval(this.#timer);
    void this.#context.close();
  }
}
