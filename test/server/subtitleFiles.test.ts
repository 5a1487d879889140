import { describe, expect, it } from 'vitest';
import { DomainError } from '../../server/http/errors.js';
import { parseSubtitleFile } from '../../server/record/subtitle-files.js';
import { liveToProgram } from '../../server/record/subtitles-live.js';

/** The detail and line of the refusal `fn` throws. */
function refusal(fn: () => unknown): { detail?: string; line?: string | number } {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return { detail: e.detail, line: e.params?.line };
    throw e;
  }
  throw new Error('not refused');
}

describe('reading subtitle files made elsewhere', () => {
  it('reads WebVTT as other tools write it: BOM, CRLF, header text, NOTE/STYLE blocks, settings, mm:ss times, voices, tags, entities', () => {
    const vtt = '\uFEFFWEBVTT - made in Aegisub\r\nKind: captions\r\n\r\nSTYLE\r\n::cue { color: yellow }\r\n\r\nNOTE a comment\r\nover two lines\r\n\r\nintro\r\n00:01.000 --> 00:02.500 align:start line:90%\r\n<v.loud 张 明>大家<i>好</i> &amp; 欢迎\r\n第二行\r\n\r\n01:00:00.000 --> 01:00:01.000\r\n<c.yellow>A &lt;b&gt;</c> <00:00:00.500>tail\r\n';
    expect(parseSubtitleFile(vtt)).toEqual([
      { line: 11, startMs: 1000, endMs: 2500, speaker: '张 明', text: '大家好 & 欢迎\n第二行' },
      { line: 15, startMs: 3_600_000, endMs: 3_601_000, speaker: null, text: 'A <b> tail' },
    ]);
  });

  it('reads SRT with or without indexes, formatting tags, a dot for the comma, and a speaker before a colon', () => {
    const srt = '1\n00:00:01,000 --> 00:00:02,000\n<i>张明：</i>第一句\n\n00:00:03.000 --> 00:00:04,000\n{\\an8}Host: hello\n\n3\n00:00:05,000 --> 00:00:06,000\n注意：这不是发言人但读作发言人\n\n4\n00:00:07,000 --> 00:00:08,000\n时间是 10:30，不是发言人\n';
    expect(parseSubtitleFile(srt, 'srt').map((c) => [c.line, c.startMs, c.speaker, c.text])).toEqual([
      [2, 1000, '张明', '第一句'],
      [5, 3000, 'Host', 'hello'],
      [9, 5000, '注意', '这不是发言人但读作发言人'],
      [13, 7000, null, '时间是 10:30，不是发言人'],
    ]);
  });

  it('names the line of what is wrong', () => {
    expect(refusal(() => parseSubtitleFile('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n'))).toEqual({ detail: 'sub_empty_cue', line: 3 });
    expect(refusal(() => parseSubtitleFile('WEBVTT\n\n00:00:01.000 -> 00:00:02.000\ntext\n'))).toEqual({ detail: 'sub_timing', line: 4 });
    expect(refusal(() => parseSubtitleFile('WEBVTT\n\n00:00:61.000 --> 00:01:02.000\ntext\n'))).toEqual({ detail: 'sub_timing', line: 3 });
    expect(refusal(() => parseSubtitleFile('1\n00:00:01,000 --> 00:00:02,000\nok\n\n\n\n7\n00:00:09,000 --> 00:00:09,000\nzero\n'))).toEqual({ detail: 'sub_end_before_start', line: 8 });
    expect(refusal(() => parseSubtitleFile(`1\n00:00:01,000 --> 00:00:02,000\n${'长'.repeat(201)}\n`))).toEqual({ detail: 'sub_too_long', line: 2 });
    expect(refusal(() => parseSubtitleFile('1\n00:00:01,000 --> 00:00:02,000\nok\n\u0000\u0001PK'))).toEqual({ detail: 'sub_not_text', line: 4 });
    expect(refusal(() => parseSubtitleFile('WEBVTT\n\nNOTE only a note\n'))).toEqual({ detail: 'sub_no_cues', line: 1 });
    expect(refusal(() => parseSubtitleFile('', 'vtt'))).toEqual({ detail: 'sub_header', line: 1 });
  });
});

describe('the live captions on the program timeline', () => {
  const spans = [{ wallStartMs: 10_000, wallEndMs: 20_000, programStartMs: 0 }];
  const cue = (began: number, text = '一二三四', sent = began + 500) => ({ beganWallMs: began, sentWallMs: sent, speaker: null, text });

  it('ends a cue at the next one, or after a reading time, at most 7 s, and never beyond the program', () => {
    const out = liveToProgram([cue(10_000), cue(18_000), cue(11_000, '一'.repeat(40)), cue(19_500, '一'.repeat(20))], spans, 10_000);
    expect(out.map((c) => [c.startMs, c.endMs])).toEqual([
      [0, 1000],
      [1000, 8000],
      [8000, 9500],
      [9500, 10_000],
    ]);
  });

  it('leaves out a cue before the recording began or after it ended', () => {
    expect(liveToProgram([cue(5000, 'x', 6000), cue(25_000, 'y', 26_000)], spans, 10_000)).toEqual([]);
  });
});
