// Composition benchmark (issue 8), `npx tsx bench/compose.ts` (~8 min on 2 cores; COMPOSE_MINUTES to change
// the length, default 10). Makes a capture like the recorder's: two people, 1280×720 VP8 + Opus in 10 s
// Matroska segments — the host a black picture that flashes white while a 1 kHz beep sounds (every whole
// second), the guest a moving test pattern with a tone — an on-air timeline switching every minute through
// single, side by side and picture in picture, and a 20 s pause of the recording in the middle. Composes it with
// the server's own code (server/record/compose-run.ts: one ffmpeg under nice) and reports:
//  - speed: program length / wall time of the composition (× real time; target ≥ 2× for 720p), and the CPU
//    ffmpeg used (cores), beside what other processes took meanwhile;
//  - A/V sync: the flash-to-beep offset measured in the composed MP4 (test/helpers/avsync.ts), in the first
//    and in the last minute, where the host is on air alone.
// Writes its section of bench/RESULTS.md (between compose:start / compose:end) and raw figures to bench/out/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeProgram } from '../server/record/compose-run.js';
import type { CaptureManifest, ProgramChange } from '../server/recording/manifest.js';
import { avOffsets } from '../test/helpers/avsync.js';
import { fakeSegments } from '../test/helpers/capture.js';
import { machineCpu, waitForQuiet } from './lib/proc.js';
import { OUT_DIR, REPO } from './lib/servers.js';
import { writeResultsSection } from './lib/results.js';

const MINUTES = Number(process.env.COMPOSE_MINUTES ?? 10);
const TARGET_SPEED = 2;
const TARGET_OFFSET_MS = 80;
const TICK = 100; // USER_HZ: /proc's clock ticks per second on Linux

/** CPU seconds of this process's waited-for children (ffmpeg), from /proc/self/stat. */
function childrenCpu(): number {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // After the ") ": field 3 is the state, so cutime (16) and cstime (17) are at 13 and 14.
  return (Number(fields[13]) + Number(fields[14])) / TICK;
}

function machine(): string {
  return `${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Linux ${os.release()}, Node ${process.version}`;
}


const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangtan-compose-bench-'));
const T0 = Date.parse('2026-12-02T02:00:00.000Z');
const seconds = MINUTES * 60;
const HOST = { participantId: 'host', name: '张明', title: '主持人' };
const GUEST = { participantId: 'guest', name: '李华', title: '区住建局局长' };

process.stderr.write(`compose bench: ${machine()}; making 30 s of 720p capture for two people…\n`);
const made = performance.now();
// Encoding 20 minutes of 720p VP8 would take longer than composing it: three 10 s segments per person are made
// and laid end to end again and again (each file dated where it is placed), which the composer cannot tell apart
// from a capture that long. The flash and the beep repeat every second, so every segment carries the sync mark.
const [hostFiles, guestFiles] = await Promise.all([
  fakeSegments({ dir, participantId: 'host', wallStartMs: 0, seconds: 30, segmentSeconds: 10, size: '1280x720', source: { kind: 'flash' } }),
  fakeSegments({ dir, participantId: 'guest', wallStartMs: 0, seconds: 30, segmentSeconds: 10, size: '1280x720', source: { kind: 'pattern', toneHz: 440 } }),
]);
const tile = (files: typeof hostFiles, startMs: number, count: number) =>
  Array.from({ length: count }, (_, k) => ({ ...files[k % files.length]!, wallStartMs: startMs + k * 10_000, durationMs: 10_000 }));
const host = tile(hostFiles, T0, seconds / 10);
const guest = tile(guestFiles, T0 + 700, seconds / 10 - 1);
process.stderr.write(`  capture made in ${((performance.now() - made) / 1000).toFixed(0)} s\n`);

// A switch every minute; the first and the last minute the host alone (where A/V is measured).
const layouts: Array<Omit<ProgramChange, 'atMs'>> = [
  { layout: 'single', slots: [HOST] },
  { layout: 'side_by_side', slots: [HOST, GUEST] },
  { layout: 'pip', slots: [GUEST, HOST] },
  { layout: 'single', slots: [GUEST] },
  { layout: 'pip', slots: [HOST, GUEST] },
];
const timeline: ProgramChange[] = [];
for (let m = 0; m < MINUTES; m++) timeline.push({ atMs: T0 + m * 60_000, ...(m === MINUTES - 1 ? layouts[0]! : layouts[m % layouts.length]!) });
const pauseAt = T0 + Math.floor(MINUTES / 2) * 60_000 + 10_000;
const manifest: CaptureManifest = {
  interviewId: 1,
  spans: [{ startMs: T0, endMs: pauseAt }, { startMs: pauseAt + 20_000, endMs: T0 + seconds * 1000 }],
  segments: [...host, ...guest],
  timeline,
};

const quiet = await waitForQuiet(60_000);
const cpu0 = childrenCpu();
const m0 = machineCpu();
const t0 = performance.now();
const out = path.join(dir, 'program.mp4');
const result = await composeProgram(manifest, out, { workDir: path.join(dir, 'work') });
const wallS = (performance.now() - t0) / 1000;
const m1 = machineCpu();
const ffmpegCores = (childrenCpu() - cpu0) / wallS;
const machineCores = (m1.busy + m1.irq - m0.busy - m0.irq) / wallS;
const speed = result.durationMs / 1000 / wallS;
// What the same work takes with the machine's cores to itself: program seconds per ffmpeg CPU second × cores
// (libx264 and the decoders run in threads, so the work spreads over both cores).
const cpuSpeed = (result.durationMs / 1000 / (ffmpegCores * wallS)) * os.availableParallelism();
process.stderr.write(`  composed ${(result.durationMs / 1000).toFixed(1)} s in ${wallS.toFixed(1)} s: ${speed.toFixed(2)}× real time\n`);

const end = result.durationMs / 1000;
const first = await avOffsets(out, { fromS: 0.5, toS: 59.5 });
const last = await avOffsets(out, { fromS: end - 59, toS: end - 1 });
const stats = (xs: number[]) => {
  const abs = xs.map(Math.abs);
  return { n: xs.length, mean: xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length), maxAbs: Math.max(...abs) };
};
const f = stats(first.offsetsMs);
const l = stats(last.offsetsMs);
const raw = { at: new Date().toISOString(), machine: machine(), minutes: MINUTES, wallS, speed, cpuSpeed, ffmpegCores, machineCores, quiet, result: { ...result }, first, last };
fs.mkdirSync(OUT_DIR, { recursive: true });
fs.writeFileSync(path.join(OUT_DIR, `compose-${raw.at.replace(/[:.]/g, '-')}.json`), JSON.stringify(raw, null, 2));

const mark = (ok: boolean) => (ok ? 'met' : '**missed**');
const md = [
  `## Composing the program (\`bench/compose.ts\`)`,
  '',
  `Run ${raw.at.slice(0, 16).replace('T', ' ')} UTC on ${machine()}; ffmpeg ${'5.1'} (libx264 \`${'veryfast'}\`, CRF 23, AAC 128 kb/s). The machine is shared with other sessions: the run started when it was ${quiet.busyCores.toFixed(2)} cores busy; during the composition the machine was ${machineCores.toFixed(2)} cores busy, of which ffmpeg ${ffmpegCores.toFixed(2)} (others ≈ ${Math.max(0, machineCores - ffmpegCores).toFixed(2)}). Regenerate with \`npx tsx bench/compose.ts\`; raw figures in \`bench/out/\` (git-ignored).`,
  '',
  '| measure | result | target | |',
  '| --- | --- | --- | --- |',
  `| composition speed, ${MINUTES}-minute capture of two people at 1280×720 → 1280×720/30 fps program | **${speed.toFixed(2)}× real time** (${(result.durationMs / 1000).toFixed(0)} s of program in ${wallS.toFixed(0)} s, ffmpeg at nice 10 using ${ffmpegCores.toFixed(2)} cores) | ≥ ${TARGET_SPEED}× | ${mark(speed >= TARGET_SPEED)} |`,
  `| same, from ffmpeg's CPU time: program seconds per CPU second × ${os.availableParallelism()} cores (the speed with the machine to itself) | **${cpuSpeed.toFixed(2)}× real time** (${(ffmpegCores * wallS).toFixed(0)} CPU s) | ≥ ${TARGET_SPEED}× | ${mark(cpuSpeed >= TARGET_SPEED)} |`,
  `| A/V offset in the first minute (audio − video, ${f.n} flashes) | mean ${f.mean.toFixed(0)} ms, **max ${f.maxAbs} ms** | ≤ ${TARGET_OFFSET_MS} ms | ${mark(f.n > 0 && f.maxAbs <= TARGET_OFFSET_MS)} |`,
  `| A/V offset in the last minute, after ${MINUTES} min, a pause and ${manifest.segments.length} segments (${l.n} flashes) | mean ${l.mean.toFixed(0)} ms, **max ${l.maxAbs} ms** | ≤ ${TARGET_OFFSET_MS} ms | ${mark(l.n > 0 && l.maxAbs <= TARGET_OFFSET_MS)} |`,
  `| program file | ${(result.bytes / 2 ** 20).toFixed(1)} MiB (${((result.bytes * 8) / (result.durationMs / 1000) / 1000).toFixed(0)} kb/s), ${result.spans.length} program spans | | |`,
  '',
  `- Method: the capture above, made with ffmpeg from lavfi sources (\`test/helpers/capture.ts\`; three 10 s segments per person laid end to end again, each dated where it is placed), as the recorder leaves it; the program composed by \`composeProgram\` as the server runs it; offsets measured on the MP4 by \`test/helpers/avsync.ts\` (flash onsets from the mean luma of the picture's middle, frame by frame; beep onsets from 5 ms blocks' peak level; each flash paired with the nearest beep). The resolution of one offset is a video frame (33 ms) plus 5 ms.`,
  `- What the offset does not include: the recorder's own A/V offset (each person's audio and video reach the recorder with the uplink's delays; mediasoup 3.8.4 dates RTCP sender reports by arrival). That is measured on the capture side (\`bench/recording.ts\`).`,
].join('\n');
writeResultsSection('compose', md);
process.stdout.write(`${md}\n`);
fs.rmSync(dir, { recursive: true, force: true });
