import type { Speaker } from '../../../shared/schemas/caption.js';
import type { InterviewStaff } from '../../../shared/schemas/interview.js';
import { zhCN } from './i18n/zh-CN.js';

/**
 * Who may be named as speaking: the host, then each guest with 职务. The host's name goes out in Chinese
 * whatever the editor's UI language, since viewers read it on a Chinese portal.
 */
export function speakersOf(interview: InterviewStaff): Speaker[] {
  return [{ name: zhCN['livetext.host'], title: '' }, ...interview.guests.map((g) => ({ name: g.name, title: g.title }))];
}

/** A speaker as one line: 张明（局长）. */
export function speakerLabel(s: Speaker): string {
  return s.title ? `${s.name}（${s.title}）` : s.name;
}

/** Whether two speakers are the same person. */
export function sameSpeaker(a: Speaker | null, b: Speaker | null): boolean {
  return a === b || (a !== null && b !== null && a.name === b.name && a.title === b.title);
}
