// The yearly report (考核, issue 9), `npm run bench:report`: a year of 12 units × 12 interviews × 2,000
// questions each (288,000 questions), their written replies (30 %: deferred, queued and approved ones; 80 % of
// them published), 2,000 viewer sessions and 500 replay views per interview, written into a fresh SQLite file.
// Measures the time to compute the year's statistics (load from SQLite + compute), to export the .xlsx and to
// print the PDF (Chromium), and the server process's peak memory during each; and the viewer-session log's
// cost for 5,000 viewers joining at once (the socket path's share, and the batched write).
// Writes its section of bench/RESULTS.md (between year-report:start / year-report:end). Env: REPORT_RUNS (3).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { ViewerSessionLog } from '../server/audience/sessions.js';
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/index.js';
import { computeYear } from '../server/stats/compute.js';
import { YearStatistics } from '../server/stats/service.js';
import { SYSTEM } from '../server/audit/log.js';
import { writeResultsSection } from './lib/results.js';

const UNITS = 12;
const PER_UNIT = 12;
const QUESTIONS = 2000;
const SESSIONS = 2000;
const VIEWS = 500;
const RUNS = Number(process.env.REPORT_RUNS ?? 3);
const YEAR = 2026;
const NOW = new Date('2026-12-20T08:00:00Z');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangtan-bench-report-'));
const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
const opened = await openDatabase(dir, 'NORMAL');
const { sqlite, db } = opened;

/** Question statuses in twentieths: half answered live, 15 % rejected, 5 % merged, 30 % left for writing. */
const STATUS = ['answered', 'answered', 'answered', 'answered', 'answered', 'answered', 'answered', 'answered', 'answered', 'answered',
  'rejected', 'rejected', 'rejected', 'merged', 'deferred', 'deferred', 'deferred', 'queued', 'approved', 'approved'];
const WRITTEN = new Set(['deferred', 'queued', 'approved']);

function seed(): { questions: number; replies: number; sessions: number } {
  const t0 = performance.now();
  const at = '2026-01-01T00:00:00.000Z';
  const unit = sqlite.prepare('INSERT INTO units (name, created_at, updated_at) VALUES (?, ?, ?)');
  const plan = sqlite.prepare("INSERT INTO plan_entries (year, seq, unit_id, time_text, window_start, window_end, interview_id, note, created_at, updated_at) VALUES (?, ?, ?, '5月', ?, ?, ?, '', ?, ?)");
  const interview = sqlite.prepare(`INSERT INTO interviews (slug, title, unit, unit_id, topic, summary, scheduled_start, scheduled_end, status, pre_moderation, guests, created_at, updated_at, ended_at, broadcast_started_at)
    VALUES (?, ?, ?, ?, '', '', ?, ?, 'ended', 1, '[]', ?, ?, ?, ?)`);
  const question = sqlite.prepare(`INSERT INTO questions (interview_id, original_content, public_content, nickname, contact, ticket_hash, status, flags, reason, merged_into, queue_position, created_at, updated_at, answered_at)
    VALUES (?, ?, ?, '网友', NULL, ?, ?, '{}', NULL, NULL, NULL, ?, ?, NULL)`);
  const reply = sqlite.prepare(`INSERT INTO written_replies (question_id, interview_id, unit_id, status, accepted_on, due_on, assigned_at, content, replied_on, published_at, answering_unit, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?)`);
  const session = sqlite.prepare('INSERT INTO viewer_sessions (session_key, interview_id, socket_id, started_at, last_seen_at, ended_at, closed_by) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const view = sqlite.prepare('INSERT INTO replay_views (interview_id, day, viewer_key, at) VALUES (?, ?, ?, ?)');
  let questions = 0;
  let replies = 0;
  let sessions = 0;
  sqlite.transaction(() => {
    for (let u = 0; u < UNITS; u++) {
      const name = `市第${u + 1}局`;
      const unitId = Number(unit.run(name, at, at).lastInsertRowid);
      for (let k = 0; k < PER_UNIT; k++) {
        // One interview a month per unit, spread over the working days.
        const day = `${YEAR}-${String(k + 1).padStart(2, '0')}-${String(3 + u * 2).padStart(2, '0')}`;
        const start = Date.parse(`${day}T02:00:00.000Z`);
        const iso = (ms: number) => new Date(ms).toISOString();
        const id = Number(interview.run(`u${u}-m${k}`, `${name}在线访谈（${k + 1}月）`, name, unitId, iso(start), iso(start + 3600_000), at, at, iso(start + 3600_000), iso(start)).lastInsertRowid);
        plan.run(YEAR, u * PER_UNIT + k + 1, unitId, day, day, id, at, at);
        for (let q = 0; q < QUESTIONS; q++) {
          const status = STATUS[q % STATUS.length]!;
          const qid = Number(question.run(id, `问题内容 ${q}`, `问题内容 ${q}`, `t${id}-${q}`, status, at, at).lastInsertRowid);
          questions += 1;
          if (WRITTEN.has(status)) {
            const published = q % 5 !== 0;
            // Replied 1–9 calendar days after (some past the 5-working-day deadline); due a week after.
            const repliedOn = published ? iso(start + (1 + (q % 9)) * 86_400_000).slice(0, 10) : null;
            reply.run(qid, id, unitId, published ? 'published' : 'assigned', day, iso(start + 7 * 86_400_000).slice(0, 10), at, repliedOn, repliedOn ? at : null, repliedOn ? name : null, at);
            replies += 1;
          }
        }
        for (let s = 0; s < SESSIONS; s++) {
          const from = start - 300_000 + ((s * 7919) % 3_900_000);
          const to = from + 60_000 + ((s * 104_729) % 2_400_000);
          session.run(`k${id}-${s}`, id, `sock${id}-${s % 1800}`, iso(from), iso(to), iso(to), 'disconnect');
          sessions += 1;
        }
        for (let v = 0; v < VIEWS; v++) view.run(id, day, `v${v}`, at);
      }
    }
  })();
  console.log(`seeded ${questions} questions, ${replies} replies, ${sessions} sessions in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { questions, replies, sessions };
}

/**
 * Runs `fn`, sampling this process's RSS every 10 ms; returns its time, the peak RSS and the longest the event
 * loop was held (what a socket or request arriving meanwhile would wait: the report runs in the server).
 */
async function measure<T>(fn: () => Promise<T>): Promise<{ ms: number; peakMb: number; holdMs: number; result: T }> {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  // The histogram learns of a hold when its timer fires late: let it start before, and fire once after.
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
  await settle();
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  await settle();
  loop.disable();
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { ms, peakMb: peak / 2 ** 20, holdMs: loop.max / 1e6, result };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const counts = seed();
const stats = new YearStatistics(db, config, () => NOW);
const rows: Array<{ what: string; ms: number; peakMb: number; holdMs: number }> = [];
async function phase(what: string, fn: () => Promise<unknown>, runs = RUNS): Promise<void> {
  const ms: number[] = [];
  const peaks: number[] = [];
  const holds: number[] = [];
  for (let r = 0; r < runs; r++) {
    const m = await measure(fn);
    ms.push(m.ms);
    peaks.push(m.peakMb);
    holds.push(m.holdMs);
  }
  rows.push({ what, ms: median(ms), peakMb: Math.max(...peaks), holdMs: Math.max(...holds) });
  console.log(`${what}: median ${median(ms).toFixed(0)} ms, peak RSS ${Math.max(...peaks).toFixed(0)} MB, longest event-loop hold ${Math.max(...holds).toFixed(0)} ms`);
}

let loaded: Awaited<ReturnType<YearStatistics['load']>> | null = null;
await phase('load the year from SQLite', async () => {
  loaded = await stats.load(YEAR);
});
await phase('compute (pure, from the loaded rows)', async () => computeYear(loaded!));
loaded = null;
await phase('statistics (load + compute, what GET /api/studio/stats does)', () => stats.year(YEAR));
let xlsxBytes = 0;
await phase('export .xlsx (statistics + exceljs)', async () => {
  xlsxBytes = (await stats.xlsx(YEAR, SYSTEM)).length;
});
let pdfBytes = 0;
await phase('export PDF (statistics + Chromium print)', async () => {
  pdfBytes = (await stats.pdf(YEAR, SYSTEM)).length;
});

// 5,000 viewers joining in one burst: what the socket handler pays (in memory) and the one batched write.
const log = new ViewerSessionLog(db);
const t0 = performance.now();
const keys: string[] = [];
for (let i = 0; i < 5000; i++) keys.push(log.opened(1, `burst-${i}`));
const openUs = ((performance.now() - t0) * 1000) / 5000;
const t1 = performance.now();
await log.flush();
const flushMs = performance.now() - t1;
for (const k of keys) log.closed(k);
const t2 = performance.now();
await log.flush();
const closeMs = performance.now() - t2;
const t3 = performance.now();
await log.heartbeat();
const heartbeatMs = performance.now() - t3;
await log.close();
console.log(`5,000 viewers: ${openUs.toFixed(1)} µs each on the socket path; write 5,000 starts ${flushMs.toFixed(0)} ms, 5,000 ends ${closeMs.toFixed(0)} ms, heartbeat ${heartbeatMs.toFixed(0)} ms`);

const report = await stats.year(YEAR);
await opened.close();
fs.rmSync(dir, { recursive: true, force: true });

const md = [
  `## Yearly report (generated ${new Date().toISOString().slice(0, 10)}; \`npm run bench:report\`)`,
  '',
  `A year of ${UNITS} units × ${PER_UNIT} interviews: ${counts.questions.toLocaleString('en')} questions, ${counts.replies.toLocaleString('en')} written replies, ` +
    `${counts.sessions.toLocaleString('en')} viewer sessions, ${(UNITS * PER_UNIT * VIEWS).toLocaleString('en')} replay views, in one SQLite file (WAL). ` +
    `Median of ${RUNS} runs (PDF: ${RUNS}); peak RSS of the Node process while the step ran (the Chromium that prints the PDF is a separate process, not counted). ` +
    `${os.cpus().length} cores, Node ${process.version}; other sessions shared the machine.`,
  '',
  '| step | time | peak RSS | longest event-loop hold (worst run) |',
  '|---|---|---|---|',
  ...rows.map((r) => `| ${r.what} | ${r.ms >= 1000 ? `${(r.ms / 1000).toFixed(2)} s` : `${r.ms.toFixed(0)} ms`} | ${r.peakMb.toFixed(0)} MB | ${r.holdMs.toFixed(0)} ms |`),
  '',
  `Output: .xlsx ${(xlsxBytes / 1024).toFixed(0)} KiB, PDF ${(pdfBytes / 1024).toFixed(0)} KiB (${report.interviews.length} interviews, ${report.units.length} units; ` +
    `answer rate ${((report.totals.answerRate ?? 0) * 100).toFixed(1)} %, ${report.totals.overdueReplies.toLocaleString('en')} overdue).`,
  '',
  `Viewer-session log, 5,000 viewers joining at once: ${openUs.toFixed(1)} µs per connection on the socket path (in memory only); ` +
    `the batched write of 5,000 starts ${flushMs.toFixed(0)} ms and of 5,000 ends ${closeMs.toFixed(0)} ms, one transaction each, off the socket path; ` +
    `the heartbeat of all open sessions ${heartbeatMs.toFixed(0)} ms (one UPDATE every 30 s).`,
].join('\n');
writeResultsSection('year-report', md);
console.log(md);
