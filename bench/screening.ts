// Micro-benchmark of the CPU work fangtan does per submission before touching the database, using the
// server's own functions (server/questions/screening.ts) on the same bodies the intake load sends:
// masking, the sensitive-word scan, bigrams, and the duplicate check against the last 1,000 questions of
// the interview: DuplicateIndex.find (what QuestionService uses: a bigram index, so only questions that
// share a bigram are scored) beside findDuplicate (the plain scan of all 1,000, kept as the reference).
// The intake bodies are all about one topic, as an interview's questions are, so they share many bigrams.
// In-process, single thread, no I/O. Standalone: `npx tsx bench/screening.ts`.
import { fileURLToPath } from 'node:url';
import { DEFAULT_SENSITIVE_WORDS } from '../server/questions/default-sensitive-words.js';
import {
  bigrams,
  DuplicateIndex,
  findDuplicate,
  maskPersonalData,
  SensitiveWordFilter,
  type Fingerprint,
} from '../server/questions/screening.js';
import { bodyPool } from './lib/questions.js';

export interface ScreeningResults {
  window: number;
  /** Microseconds per submission for each step. */
  us: { mask: number; words: number; bigrams: number; index: number; scan: number };
  /** Average number of indexed questions sharing at least one bigram with a new one (scored by the index). */
  candidates: number;
}

/** Average µs per call of fn over `items`, after a warm-up pass. */
function perCall<T>(items: readonly T[], fn: (x: T, i: number) => unknown, rounds = 3): number {
  items.forEach(fn);
  const t = performance.now();
  for (let r = 0; r < rounds; r++) items.forEach(fn);
  return ((performance.now() - t) * 1000) / (items.length * rounds);
}

export function runScreening(window = 1000): ScreeningResults {
  const contents = bodyPool(window + 2000).map((b) => (JSON.parse(b) as { content: string }).content);
  const earlier: Fingerprint[] = contents.slice(0, window).map((c, id) => ({ id, grams: bigrams(c) }));
  const incoming = contents.slice(window);
  const filter = new SensitiveWordFilter(DEFAULT_SENSITIVE_WORDS);
  const grams = incoming.map(bigrams);
  const index = new DuplicateIndex(window);
  for (const e of earlier) index.add(e.id, e.grams);
  const gramsOf = new Map(earlier.map((e) => [e.id, e.grams]));
  const candidates =
    grams.reduce((n, g) => n + earlier.filter((e) => [...g].some((x) => gramsOf.get(e.id)!.has(x))).length, 0) / grams.length;
  return {
    window,
    candidates,
    us: {
      mask: perCall(incoming, (c) => maskPersonalData(c)),
      words: perCall(incoming, (c) => filter.find(c)),
      bigrams: perCall(incoming, (c) => bigrams(c)),
      index: perCall(grams, (g) => index.find(g)),
      scan: perCall(grams, (g) => findDuplicate(g, earlier)),
    },
  };
}

export function screeningMarkdown(r: ScreeningResults): string {
  const total = r.us.mask + r.us.words + r.us.bigrams + r.us.index;
  const f = (x: number) => `${x.toFixed(1)} µs`;
  return [
    '### Per-submission screening CPU (`bench/screening.ts`)',
    '',
    `The server's own screening functions on the intake bodies, one thread, no I/O; duplicate check against a full window of ${r.window} earlier questions` +
      ` (one topic, as in an interview: a new question shares a bigram with ${Math.round(r.candidates)} of them on average).`,
    '',
    '| step | CPU per submission |',
    '| --- | ---: |',
    `| maskPersonalData | ${f(r.us.mask)} |`,
    `| sensitive words (SensitiveWordFilter) | ${f(r.us.words)} |`,
    `| bigrams | ${f(r.us.bigrams)} |`,
    `| duplicate check, DuplicateIndex.find (used by the server) | **${f(r.us.index)}** |`,
    `| total of the above | ${f(total)} → at most ${Math.round(1e6 / total).toLocaleString('en-US')} submissions/s per core for screening alone |`,
    `| (reference) findDuplicate: scan all ${r.window} | ${f(r.us.scan)} |`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${screeningMarkdown(runScreening())}\n`);
}
