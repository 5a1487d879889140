import { wallToProgramClamped, type Transcript, type TranscriptBlock } from '../../shared/schemas/record.js';
import type { LiveRecord } from './live-record.js';

/** A speaker's paragraph breaks after a silence this long, as a stenographer starts a new one. */
const PARAGRAPH_GAP_MS = 60_000;
/** …or once it is this long, so an editor gets pieces of a readable size. */
const PARAGRAPH_MAX_CHARS = 400;
/** How the asker is named in the 文字实录 (the masked display name follows). */
export const NETIZEN_LABEL = '网友';

type Item =
  | { at: number; kind: 'cue'; speaker: string; title: string; text: string }
  | { at: number; kind: 'question'; nickname: string; text: string; questionId: number }
  | { at: number; kind: 'livetext'; speaker: string; title: string; text: string };

/** Live captions are sent line by line; a line ending in a stop joins the next without a space. */
function join(a: string, b: string): string {
  if (/[\u3000-\u303f\uff00-\uffef]$/.test(a) || /^[\u3000-\u303f\uff00-\uffef]/.test(b)) return a + b;
  return `${a} ${b}`;
}

/**
 * Assembles the 文字实录 from the live record: the captions by speaker into paragraphs, each question put on air
 * (public wording, with its time) and each published live-text entry, in the order they happened. Block times
 * are in program time (null without a program, or after its end).
 */
export function assembleTranscript(live: LiveRecord): Transcript {
  const items: Item[] = [
    ...live.cues.map((c) => ({ at: c.wallStartMs, kind: 'cue' as const, speaker: c.speaker?.name ?? '', title: c.speaker?.title ?? '', text: c.text.trim() })),
    ...live.questions.map((q) => ({ at: q.wallMs, kind: 'question' as const, nickname: q.nickname, text: q.content, questionId: q.questionId })),
    ...live.livetext.map((e) => ({ at: e.wallMs, kind: 'livetext' as const, speaker: e.speaker?.name ?? '', title: e.speaker?.title ?? '', text: e.text.trim() })),
  ].filter((i) => i.text);
  // Stable: a question and the caption in the same millisecond keep the question first.
  const order = { question: 0, livetext: 1, cue: 2 } as const;
  items.sort((a, b) => a.at - b.at || order[a.kind] - order[b.kind]);
  const time = (wall: number) => (live.spans.length > 0 ? wallToProgramClamped(live.spans, wall) : null);

  const blocks: TranscriptBlock[] = [];
  let open: { block: TranscriptBlock; lastAt: number } | null = null;
  for (const item of items) {
    if (item.kind === 'cue') {
      const b = open?.block;
      if (open && b && b.speaker === item.speaker && item.at - open.lastAt <= PARAGRAPH_GAP_MS && b.text.length < PARAGRAPH_MAX_CHARS) {
        b.text = join(b.text, item.text);
        open.lastAt = item.at;
        continue;
      }
      const block: TranscriptBlock = { kind: 'speech', speaker: item.speaker, title: item.title, text: item.text, startMs: time(item.at), questionId: null };
      blocks.push(block);
      open = { block, lastAt: item.at };
      continue;
    }
    open = null;
    if (item.kind === 'question') {
      blocks.push({ kind: 'question', speaker: item.nickname ? `${NETIZEN_LABEL}“${item.nickname}”` : NETIZEN_LABEL, title: '', text: item.text, startMs: time(item.at), questionId: item.questionId });
    } else {
      blocks.push({ kind: 'livetext', speaker: item.speaker, title: item.title, text: item.text, startMs: time(item.at), questionId: null });
    }
  }
  return { title: live.title, blocks };
}

/** Moves a program-time transcript onto the published video starting at `cutStartMs`: times before it become 0. */
export function shiftTranscript(t: Transcript, cutStartMs: number, durationMs: number): Transcript {
  return {
    ...t,
    blocks: t.blocks.map((b) => ({ ...b, startMs: b.startMs === null ? null : Math.min(Math.max(0, b.startMs - cutStartMs), durationMs) })),
  };
}
