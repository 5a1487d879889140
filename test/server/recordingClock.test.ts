import { describe, expect, it } from 'vitest';
import { ANCHOR_SECONDS, TrackClock, wallAt } from '../../server/recording/clock.js';

/** 20 ms Opus packets from `t0` (wall ms), each delayed by `delay(i)` ms on its way out. */
function feed(clock: TrackClock, count: number, t0: number, delay: (i: number) => number, ts0 = 4_000_000_000) {
  for (let i = 0; i < count; i++) clock.observe((ts0 + i * 960) >>> 0, t0 + i * 20 + delay(i));
}

describe('a track dated by its least-delayed packets', () => {
  it('ignores bursts: late packets never move the media', () => {
    const clock = new TrackClock(48000);
    // A 300 ms stall every 2 s, then the held packets go out at once: arrival time would bunch them.
    feed(clock, 1500, 1_000_000, (i) => (i % 100 < 15 ? 300 - (i % 100) * 20 : 3));
    const anchors = clock.anchors();
    expect(anchors.map((a) => a[0])).toEqual([0, 10, 20]);
    for (const [, offset] of anchors) expect(offset).toBe(1_000_003);
    expect(wallAt(anchors, 12.34)).toBeCloseTo(1_000_003 + 12_340, 6);
  });

  it('follows a sender whose clock runs fast, window by window', () => {
    const clock = new TrackClock(48000);
    // 100 ppm fast: the media says 20 ms per packet, the wall clock sees 19.998 ms.
    feed(clock, 3000, 5_000, (i) => -i * 0.002);
    const [a0, a1, , , , a5] = clock.anchors();
    expect(a1![1] - a0![1]).toBeCloseTo(-1, 0);
    expect(a5![1] - a0![1]).toBeCloseTo(-5, 0);
  });

  it('unwraps the 32-bit RTP clock as ffmpeg does', () => {
    const clock = new TrackClock(48000);
    feed(clock, 600, 0, () => 0, 0xffffffff - 960 * 100);
    expect(clock.anchors()).toEqual([
      [0, 0],
      [ANCHOR_SECONDS, 0],
    ]);
  });

  it('dates a time past the last anchor by that anchor, and knows nothing without one', () => {
    expect(wallAt([], 3)).toBeNull();
    expect(wallAt([[0, 100], [10, 99]], 25)).toBe(99 + 25_000);
    expect(wallAt([[10, 99]], 2)).toBe(99 + 2_000);
  });
});
