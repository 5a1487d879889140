import { CUE_MAX_LENGTH } from '../../shared/schemas/caption.js';
import type { SubtitleFormat } from '../../shared/schemas/record-subtitles.js';
import { DomainError } from '../http/errors.js';

/**
 * Reading a subtitle file made elsewhere (or exported here): WebVTT or SRT. A file an editor brings is often
 * hand-made, so whatever is wrong is refused with the line it is on, in a sentence the editor can act on,
 * rather than half imported.
 */

/** One cue read from a file, with the line its timing is on (for the errors found later, e.g. outside). */
export interface FileCue {
  line: number;
  startMs: number;
  endMs: number;
  speaker: string | null;
  text: string;
}

function fileError(detail: string, line: number, params: Record<string, string | number> = {}): DomainError {
  return new DomainError('validation', 'content', detail, { line, ...params });
}

// WebVTT allows mm:ss.ttt; SRT writes hh:mm:ss,ttt (a dot is common enough in the wild to accept).
const TIME = /^(?:(\d{1,3}):)?([0-5]\d):([0-5]\d)[.,](\d{3})$/;
const TIMING = /^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t]+.*)?$/;

function parseTime(s: string): number | null {
  const m = TIME.exec(s);
  if (!m) return null;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: ' ', lrm: '\u200e', rlm: '\u200f', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** Lines with their 1-based numbers, a byte-order mark dropped. */
function numberedLines(content: string): string[] {
  return content.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

/** Blocks of non-blank lines, each with the number of its first line. */
function blocks(lines: string[], from: number): Array<{ first: number; lines: string[] }> {
  const out: Array<{ first: number; lines: string[] }> = [];
  let cur: { first: number; lines: string[] } | null = null;
  for (let i = from; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.trim() === '') {
      cur = null;
      continue;
    }
    if (!cur) out.push((cur = { first: i + 1, lines: [] }));
    cur.lines.push(l);
  }
  return out;
}

/** The timing and text of a cue block whose timing is at `at` (0 or 1, after an identifier or index). */
function cueOf(block: { first: number; lines: string[] }, at: number, text: (lines: string[]) => { speaker: string | null; text: string }): FileCue {
  const line = block.first + at;
  const timing = TIMING.exec(block.lines[at]!.trim());
  const startMs = timing ? parseTime(timing[1]!) : null;
  const endMs = timing ? parseTime(timing[2]!) : null;
  if (startMs === null || endMs === null) throw fileError('sub_timing', line);
  if (endMs <= startMs) throw fileError('sub_end_before_start', line);
  const body = text(block.lines.slice(at + 1));
  if (body.text === '') throw fileError('sub_empty_cue', line);
  if (body.text.length > CUE_MAX_LENGTH) throw fileError('sub_too_long', line, { max: CUE_MAX_LENGTH });
  return { line, startMs, endMs, ...body };
}

const cleanLines = (lines: string[]) =>
  lines
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');

/** WebVTT text: the voice span names the speaker; other tags (<i>, <c.x>, inline times) are dropped. */
function vttText(lines: string[]): { speaker: string | null; text: string } {
  const raw = lines.join('\n');
  const voice = /^<v(?:\.[^\s>]*)?[ \t]+([^>]+)>/.exec(raw);
  const rest = voice ? raw.slice(voice[0].length) : raw;
  return { speaker: voice ? decodeEntities(voice[1]!.trim()) : null, text: cleanLines(decodeEntities(rest.replace(/<[^>]*>/g, '')).split('\n')) };
}

/**
 * SRT text. SRT has no voice tag, so our export writes the speaker before a colon (张明：…) and a name of
 * up to 20 characters before one is read back as the speaker; formatting tags (<i>, {\an8}) are dropped.
 */
function srtText(lines: string[]): { speaker: string | null; text: string } {
  const text = cleanLines(lines.map((l) => decodeEntities(l.replace(/<[^>]*>/g, '').replace(/\{\\[^}]*\}/g, ''))));
  const who = /^([^\s：:，。,.!?！？]{1,20}(?: [^\s：:，。,.!?！？]{1,20})?)(?:：|: )/.exec(text);
  if (!who || text.length === who[0].length) return { speaker: null, text };
  return { speaker: who[1]!, text: text.slice(who[0].length).trim() };
}

function parseVtt(lines: string[]): FileCue[] {
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) throw fileError('sub_header', 1);
  // The header runs to the first blank line.
  let i = 1;
  while (i < lines.length && lines[i]!.trim() !== '') i++;
  const out: FileCue[] = [];
  for (const b of blocks(lines, i)) {
    const head = b.lines[0]!.trim();
    if (/^(NOTE|STYLE|REGION)(\s|$)/.test(head)) continue;
    const at = head.includes('-->') ? 0 : 1;
    if (at === 1 && !(b.lines[1] ?? '').includes('-->')) throw fileError('sub_timing', b.first + (b.lines.length > 1 ? 1 : 0));
    out.push(cueOf(b, at, vttText));
  }
  return out;
}

function parseSrt(lines: string[]): FileCue[] {
  const out: FileCue[] = [];
  for (const b of blocks(lines, 0)) {
    const head = b.lines[0]!.trim();
    const at = /^\d+$/.test(head) ? 1 : 0;
    if (!(b.lines[at] ?? '').includes('-->')) throw fileError('sub_timing', b.first + Math.min(at, b.lines.length - 1));
    out.push(cueOf(b, at, srtText));
  }
  return out;
}

/** Parses a WebVTT or SRT file (the format read from the content when not given); throws with the line at fault. */
export function parseSubtitleFile(content: string, format?: SubtitleFormat): FileCue[] {
  const lines = numberedLines(content);
  const binary = lines.findIndex((l) => /[\u0000\uFFFD]/.test(l));
  if (binary >= 0) throw fileError('sub_not_text', binary + 1);
  const kind = format ?? (/^WEBVTT/.test(lines[0] ?? '') ? 'vtt' : 'srt');
  const cues = kind === 'vtt' ? parseVtt(lines) : parseSrt(lines);
  if (cues.length === 0) throw fileError('sub_no_cues', 1);
  return cues;
}
