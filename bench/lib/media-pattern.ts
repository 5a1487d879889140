// The machine-readable clock of the glass-to-glass measure: the publisher paints the time into the whole
// picture as a grid of black and white blocks, the viewer reads it back from the decoded video. Big
// blocks and a checksum because the picture goes through VP8 at whatever simulcast layer the viewer
// gets (down to 320×180): a frame whose blocks come back smeared fails the checksum and is not counted.

export const COLS = 8;
export const ROWS = 5; // 40 blocks: 32 bits of time + 8 bits of checksum
const MOD = 2 ** 32;

/** Milliseconds on the machine clock (shared by all pages and processes of one host), modulo 2^32. */
export const clockMs = (): number => (performance.timeOrigin + performance.now()) % MOD;

/** now − then for two clockMs() readings, across the 2^32 wrap (49 days). */
export const elapsedMs = (now: number, then: number): number => (now - then + MOD) % MOD;

const checksum = (v: number): number => ((v >>> 24) ^ (v >>> 16) ^ (v >>> 8) ^ v ^ 0xa5) & 0xff;

/** Paints `ms` (a clockMs value, rounded to whole ms) over the whole canvas. */
export function drawClock(ctx: CanvasRenderingContext2D, width: number, height: number, ms: number): void {
  const v = Math.floor(ms) >>> 0;
  const bits = [...Array(32)].map((_, i) => (v >>> (31 - i)) & 1);
  const c = checksum(v);
  for (let i = 0; i < 8; i++) bits.push((c >>> (7 - i)) & 1);
  const bw = width / COLS;
  const bh = height / ROWS;
  bits.forEach((bit, i) => {
    ctx.fillStyle = bit ? '#fff' : '#000';
    ctx.fillRect(Math.floor((i % COLS) * bw), Math.floor(Math.floor(i / COLS) * bh), Math.ceil(bw), Math.ceil(bh));
  });
}

/**
 * Reads the time back from RGBA pixels of the picture scaled to COLS×cell by ROWS×cell pixels; null when
 * the checksum does not match (a frame mid-change or too blurred to trust).
 */
export function readClock(rgba: Uint8ClampedArray, cell: number): number | null {
  const width = COLS * cell;
  let v = 0;
  let c = 0;
  for (let i = 0; i < COLS * ROWS; i++) {
    const x = (i % COLS) * cell + (cell >> 1);
    const y = Math.floor(i / COLS) * cell + (cell >> 1);
    const p = (y * width + x) * 4;
    const bit = rgba[p]! + rgba[p + 1]! + rgba[p + 2]! > 3 * 128 ? 1 : 0;
    if (i < 32) v = v * 2 + bit;
    else c = c * 2 + bit;
  }
  return checksum(v >>> 0) === c ? v : null;
}
