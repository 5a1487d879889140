import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import path from 'node:path';
import { wallAt, type ClockAnchor } from './clock.js';

/** What a run folder keeps beside its segments, so a later start can date segments cut by a crash. */
export interface RunInfo {
  participantId: string;
  /** Wall clock (ms) when the run was started. */
  startedMs: number;
  /** Wall clock (µs) of ffmpeg's output t=0 (its input's first packet), null until known. */
  originUs: number | null;
  kinds: Array<'audio' | 'video'>;
  /**
   * ffmpeg's input start (s): its output t=0 is this media time of the track. Runs from before the track clock
   * (wall-clock-stamped packets, no anchors) leave it out.
   */
  inputStartSec?: number | null;
  /** The track's media time on the wall clock (server/recording/clock.ts); absent in the older runs. */
  anchors?: ClockAnchor[];
}

/** The wall clock (ms) of a run's output time `outputSec`: by the track clock, or by the older wall-stamped origin. */
export function runWallMs(info: RunInfo, outputSec: number): number | null {
  if (info.anchors) {
    if (info.inputStartSec === null || info.inputStartSec === undefined) return null;
    return wallAt(info.anchors, info.inputStartSec + outputSec);
  }
  return info.originUs === null ? null : info.originUs / 1000 + outputSec * 1000;
}

export const RUN_INFO = 'run.json';
export const SEGMENT_LIST = 'list.csv';
export const SEGMENT_SECONDS = 10;

/** One ffmpeg writing one participant's segments into one run folder. */
export interface CaptureProcess {
  readonly pid: number | undefined;
  readonly dir: string;
  /** Resolves with ffmpeg's input start (s) once it has probed its input, null if it exits first. */
  readonly origin: Promise<number | null>;
  /** Keeps the track clock's anchors beside the segments (so a later start can date them after a crash). */
  setAnchors(anchors: ClockAnchor[]): void;
  readonly exited: Promise<{ code: number | null; signal: string | null; stderr: string }>;
  /** Asks ffmpeg to finish the open segment (SIGINT), then kills it if it does not within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Whether ffmpeg can be tied to this process's life: `setpriv --pdeathsig KILL` (util-linux) makes the kernel
 * kill it when node dies, even by kill -9, so no orphan keeps writing or holding ports.
 */
const SETPRIV = (() => {
  try {
    return spawnSync('setpriv', ['--pdeathsig', 'KILL', 'true']).status === 0;
  } catch {
    return false;
  }
})();

/**
 * Starts ffmpeg on a one-track SDP: stream copy into ~10 s Matroska segments cut at wall-clock multiples of
 * 10 s (so every participant's segments line up), 1 s clusters (a crash loses at most the last second of the
 * open segment). The track keeps its RTP clock: packets that reach ffmpeg late (it or mediasoup starved of CPU)
 * keep their media time. (Stamping each packet with its arrival, `use_wallclock_as_timestamps`, moved sound by
 * up to ~100 ms under load and broke it.) The wall-clock time of the media comes from the track clock's
 * anchors, which the caller hands in as it learns them (`setAnchors`).
 */
export function startCaptureProcess(opts: {
  dir: string;
  sdp: string;
  info: Omit<RunInfo, 'originUs' | 'inputStartSec' | 'anchors'>;
  /** The RTCP port of each stream in the SDP (its RTP port + 1), where the stop sends a BYE. */
  rtcpPorts: number[];
  ffmpeg?: string;
}): CaptureProcess {
  fs.mkdirSync(opts.dir, { recursive: true });
  const sdpFile = path.join(opts.dir, 'stream.sdp');
  fs.writeFileSync(sdpFile, opts.sdp);
  const info: RunInfo = { ...opts.info, originUs: null, inputStartSec: null, anchors: [] };
  const save = () => {
    const origin = runWallMs(info, 0);
    info.originUs = origin === null ? null : Math.round(origin * 1000);
    writeRunInfo(opts.dir, info);
  };
  writeRunInfo(opts.dir, info);
  const args = [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'info',
    '-protocol_whitelist',
    'file,udp,rtp',
    // Long enough for the first key frame after the request, short enough not to hold the start.
    '-analyzeduration',
    '2000000',
    '-i',
    sdpFile,
    '-map',
    '0',
    '-c',
    'copy',
    // Each cluster goes to disk as it closes, not when a 256 KiB buffer fills: a crash then loses ~1 s.
    '-fflags',
    '+flush_packets',
    '-flush_packets',
    '1',
    '-f',
    'segment',
    '-segment_time',
    String(SEGMENT_SECONDS),
    '-segment_atclocktime',
    '1',
    '-reset_timestamps',
    '1',
    '-segment_format',
    'matroska',
    '-segment_format_options',
    'cluster_time_limit=1000',
    '-segment_list',
    path.join(opts.dir, SEGMENT_LIST),
    '-segment_list_type',
    'csv',
    path.join(opts.dir, '%05d.mkv'),
  ];
  const bin = opts.ffmpeg ?? 'ffmpeg';
  const child: ChildProcess = SETPRIV
    ? spawn('setpriv', ['--pdeathsig', 'KILL', bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let resolveOrigin: (v: number | null) => void = () => undefined;
  const origin = new Promise<number | null>((r) => (resolveOrigin = r));
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8000);
    if (info.inputStartSec === null) {
      // "Duration: N/A, start: 0.000000, bitrate: N/A": the input's first media time (0: its first packet).
      const m = /Duration: [^,]*, start: (-?\d+\.\d+)/.exec(stderr);
      if (m) {
        info.inputStartSec = Number(m[1]);
        save();
        resolveOrigin(info.inputStartSec);
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => {
    child.once('error', () => resolve({ code: -1, signal: null, stderr }));
    child.once('exit', (code, signal) => {
      resolveOrigin(info.inputStartSec ?? null);
      resolve({ code, signal, stderr });
    });
  });
  return {
    pid: child.pid,
    dir: opts.dir,
    origin,
    exited,
    setAnchors(anchors) {
      info.anchors = anchors;
      save();
    },
    async stop(graceMs = 4000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // An RTCP BYE on every stream is the end of ffmpeg's input: it closes the segment and exits cleanly,
      // even when nothing flows any more (the room closed first). A SIGINT would not interrupt a read that
      // waits for packets, and a second one aborts the segment's closing too.
      await sendBye(opts.rtcpPorts);
      const int = setTimeout(() => child.kill('SIGINT'), Math.min(1500, graceMs / 2));
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(int);
      clearTimeout(timer);
    },
  };
}

/**
 * RTCP BYE (RFC 3550 §6.6: SSRC 0, an empty reason), once per stream: ffmpeg ends its input when every stream
 * said bye. 12 bytes, because ffmpeg drops anything shorter than an RTP header before looking at it.
 */
async function sendBye(ports: number[]): Promise<void> {
  const bye = Buffer.from([0x81, 0xcb, 0x00, 0x02, 0, 0, 0, 0, 0, 0, 0, 0]);
  const socket = dgram.createSocket('udp4');
  try {
    for (const port of ports) await new Promise<void>((resolve) => socket.send(bye, port, '127.0.0.1', () => resolve()));
  } finally {
    socket.close();
  }
}

export function writeRunInfo(dir: string, info: RunInfo): void {
  // Written whole then renamed: a crash mid-write must not leave a half file that hides the origin.
  const tmp = path.join(dir, `${RUN_INFO}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(info));
  fs.renameSync(tmp, path.join(dir, RUN_INFO));
}

export function readRunInfo(dir: string): RunInfo | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, RUN_INFO), 'utf8')) as RunInfo;
  } catch {
    return null;
  }
}

/** Waits until something listens on every given local UDP port (ffmpeg has opened its input), or times out. */
export async function udpListening(ports: number[], timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const want = ports.map((p) => `:${p.toString(16).toUpperCase().padStart(4, '0')}`);
  while (Date.now() < deadline) {
    const table = ['/proc/net/udp', '/proc/net/udp6']
      .map((f) => {
        try {
          return fs.readFileSync(f, 'utf8');
        } catch {
          return '';
        }
      })
      .join('\n');
    const locals = new Set(table.split('\n').map((l) => l.trim().split(/\s+/)[1] ?? '').map((a) => a.slice(a.lastIndexOf(':'))));
    if (want.every((w) => locals.has(w))) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

export interface Probe {
  startSec: number;
  durationSec: number | null;
  hasAudio: boolean;
  hasVideo: boolean;
}

/** ffprobe of one segment: its first timestamp, its duration (null when the file was cut short), its streams. */
export async function probeSegment(file: string, ffprobe = 'ffprobe'): Promise<Probe | null> {
  const out = await new Promise<string | null>((resolve) => {
    const p = spawn(ffprobe, ['-v', 'error', '-show_entries', 'format=start_time,duration:stream=codec_type', '-of', 'json', file], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let s = '';
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (c: string) => (s += c));
    p.once('error', () => resolve(null));
    p.once('exit', (code) => resolve(code === 0 ? s : null));
  });
  if (!out) return null;
  const j = JSON.parse(out) as { format?: { start_time?: string; duration?: string }; streams?: Array<{ codec_type?: string }> };
  const start = Number(j.format?.start_time);
  if (!Number.isFinite(start)) return null;
  const duration = Number(j.format?.duration);
  const kinds = new Set((j.streams ?? []).map((s) => s.codec_type));
  return { startSec: start, durationSec: Number.isFinite(duration) ? duration : null, hasAudio: kinds.has('audio'), hasVideo: kinds.has('video') };
}

/** The segment list ffmpeg appends to as each segment closes: file name → start and end on its output clock (s). */
export function readSegmentList(dir: string): Map<string, { start: number; end: number }> {
  const out = new Map<string, { start: number; end: number }>();
  let text = '';
  try {
    text = fs.readFileSync(path.join(dir, SEGMENT_LIST), 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    const [name, start, end] = line.split(',');
    if (name && start && end) out.set(name, { start: Number(start), end: Number(end) });
  }
  return out;
}
