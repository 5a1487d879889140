import type { CuePublic } from '../../shared/schemas/caption.js';

/**
 * A subtitle stays up at least this long on the replay: a line typed quickly is sent a moment after it
 * began, and a cue that flashes for 300 ms cannot be read.
 */
const MIN_DURATION_MS = 1500;

/** hh:mm:ss.mmm (WebVTT) or hh:mm:ss,mmm (SRT). */
export function timestamp(ms: number, sep: '.' | ','): string {
  const t = Math.max(0, Math.round(ms));
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor((t % 3_600_000) / 60_000);
  const s = Math.floor((t % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${sep}${pad(t % 1000, 3)}`;
}

/** What a subtitle file needs of a cue: the live cues and the record's edited ones both have it. */
export type SubtitleCue = Pick<CuePublic, 'seq' | 'track' | 'speaker' | 'text' | 'startMs' | 'endMs'>;

/**
 * How a file is written. The live transcript stretches quick lines to a readable length; the record's
 * cues were timed by an editor against the picture, so they are written as they are (`minDurationMs: 0`).
 */
export interface FormatOptions {
  minDurationMs?: number;
}

function endOf(c: SubtitleCue, minDurationMs: number): number {
  return Math.max(c.endMs ?? c.startMs, c.startMs + minDurationMs);
}

/** A blank line ends a cue in both formats, so a cue's own lines never leave one. */
function lines(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');
}

const escapeVtt = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Final cues as WebVTT, the speaker as a voice span (`<v 张明>`), on the cues' own clock. */
export function toWebVtt(cues: SubtitleCue[], { minDurationMs = MIN_DURATION_MS }: FormatOptions = {}): string {
  const blocks = cues.map((c) => {
    const voice = c.speaker ? `<v ${escapeVtt(c.speaker.name)}>` : '';
    return `${c.seq}\n${timestamp(c.startMs, '.')} --> ${timestamp(endOf(c, minDurationMs), '.')}\n${voice}${escapeVtt(lines(c.text))}`;
  });
  return ['WEBVTT', ...blocks].join('\n\n') + '\n';
}

/** Final cues as SRT; SRT has no voice tag, so the speaker leads the text (张明：…). */
export function toSrt(cues: SubtitleCue[], { minDurationMs = MIN_DURATION_MS }: FormatOptions = {}): string {
  return cues
    .map((c, i) => {
      const colon = c.track.startsWith('zh') ? '：' : ': ';
      const who = c.speaker ? `${c.speaker.name}${colon}` : '';
      return `${i + 1}\n${timestamp(c.startMs, ',')} --> ${timestamp(endOf(c, minDurationMs), ',')}\n${who}${lines(c.text)}\n`;
    })
    .join('\n');
}
