/**
 * Pure helpers of the replay (视频回放): which item of a timed list is playing, and what a WebVTT cue says.
 */

/**
 * The index of the item playing at `ms`: the last one with a time at or before it (items without a time,
 * e.g. a heading, are never current), or -1 before the first. The list is in the order of the record.
 */
export function currentIndex(items: ReadonlyArray<{ startMs: number | null }>, ms: number): number {
  let found = -1;
  for (let i = 0; i < items.length; i++) {
    const start = items[i]!.startMs;
    if (start === null) continue;
    if (start > ms) break;
    found = i;
  }
  return found;
}

/**
 * A WebVTT cue's text as the subtitles show it: the speaker of a leading voice span (`<v 张明>…`, as
 * the publisher writes it) apart, every other tag dropped, entities read.
 */
export function cueText(raw: string): { who: string | null; text: string } {
  const voice = /^<v(?:\.[^\s>]*)?\s+([^>]+)>/.exec(raw);
  const body = (voice ? raw.slice(voice[0].length) : raw).replace(/<[^>]*>/g, '');
  return { who: voice ? decode(voice[1]!.trim()) : null, text: decode(body).trim() };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: '\u00a0', lrm: '\u200e', rlm: '\u200f' };

function decode(s: string): string {
  return s.replace(/&(amp|lt|gt|nbsp|lrm|rlm);/g, (_, name: string) => ENTITIES[name]!);
}
