import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RESULTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'RESULTS.md');

/**
 * Replaces the text between `<!-- name:start -->` and `<!-- name:end -->` in bench/RESULTS.md, appending the
 * marked section when absent: each benchmark regenerates its own section and leaves the hand-written ones alone.
 */
export function writeResultsSection(name: string, body: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const old = fs.existsSync(RESULTS) ? fs.readFileSync(RESULTS, 'utf8') : '';
  const from = old.indexOf(start);
  const to = old.indexOf(end);
  const block = `${start}\n${body}\n${end}`;
  fs.writeFileSync(RESULTS, from >= 0 && to > from ? old.slice(0, from) + block + old.slice(to + end.length) : `${old.trimEnd()}\n\n${block}\n`);
}
