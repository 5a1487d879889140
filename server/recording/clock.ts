/**
 * Where a recorded track's media time sits on the wall clock (pure).
 *
 * The recorder's ffmpeg keeps each track on its own RTP clock (continuous: 960 ticks per 20 ms of Opus, the
 * camera's 90 kHz capture times), so a burst of late packets — ffmpeg or mediasoup starved of CPU for a moment —
 * no longer moves any sound or picture. What the RTP clock does not say is *when* that media happened. Each
 * packet mediasoup sends to the recorder is traced with its send time; a packet's lateness only ever adds to
 * (wall − media time), so the smallest value over a window is the least-delayed packet's, the track's true
 * offset, whatever bursts the window held. One offset per 10 s of media time follows a sender whose sound card
 * runs a little fast or slow (tens of ppm: a second or more over a long interview if left alone).
 */

/** Media seconds per anchor: the same as a segment, so every segment is dated by its own stretch of packets. */
export const ANCHOR_SECONDS = 10;

/**
 * From media time `fromSec` of the track (ffmpeg's input clock: 0 at the run's first packet), until the next
 * anchor, media time t happened at wall clock `offsetMs + t × 1000` (ms since the epoch).
 */
export type ClockAnchor = [fromSec: number, offsetMs: number];

/** Follows one track's packets: its first one is ffmpeg's time 0 (ffmpeg takes the first packet as its base). */
export class TrackClock {
  private lastTs: number | null = null;
  private ticks = 0;
  private readonly minima = new Map<number, number>();

  constructor(readonly clockRate: number) {}

  /** One packet sent to the recorder: its RTP timestamp and the wall-clock ms it left mediasoup at. */
  observe(rtpTimestamp: number, wallMs: number): void {
    // Unwrapped as ffmpeg does (a signed 32-bit step from the previous packet), so media times agree with its.
    if (this.lastTs !== null) this.ticks += (rtpTimestamp - this.lastTs) | 0;
    this.lastTs = rtpTimestamp >>> 0;
    const t = this.ticks / this.clockRate;
    const window = Math.floor(t / ANCHOR_SECONDS);
    const offset = wallMs - t * 1000;
    const min = this.minima.get(window);
    if (min === undefined || offset < min) this.minima.set(window, offset);
  }

  get started(): boolean {
    return this.lastTs !== null;
  }

  /** The anchors so far, in media-time order (the newest window's may still get lower). */
  anchors(): ClockAnchor[] {
    return [...this.minima]
      .sort((a, b) => a[0] - b[0])
      .map(([w, offset]) => [w * ANCHOR_SECONDS, Math.round(offset * 10) / 10 + 0] as ClockAnchor);
  }
}

/**
 * The wall-clock ms of media time `t` of a track: the anchor of its stretch, or the nearest one before it (a
 * crash may have cut the last anchors), or the first (a packet before the first anchor: none, in practice).
 */
export function wallAt(anchors: readonly ClockAnchor[], t: number): number | null {
  if (anchors.length === 0) return null;
  let pick = anchors[0]!;
  for (const a of anchors) if (a[0] <= t + 1e-9) pick = a;
  return pick[1] + t * 1000;
}
