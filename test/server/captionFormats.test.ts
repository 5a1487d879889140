import { describe, expect, it } from 'vitest';
import { WebVTTParser } from 'webvtt-parser';
import type { CuePublic } from '../../shared/schemas/caption.js';
import { toSrt, toWebVtt } from '../../server/captions/formats.js';
import { INGEST_CLOCK_SKEW_MS, parseIngestText } from '../../server/captions/ingestText.js';

const now = new Date('2026-12-02T10:00:05.000Z');

describe('the text/plain ingest form', () => {
  it('reads several timestamped blocks, ignoring region and comment lines', () => {
    const body = '2026-12-02T10:00:00.000\nregion:reg1#cue1\n第一行\n第二行<br>第三行\n\n# a note\n2026-12-02T10:00:03.5 region:reg1\n下一句\n';
    expect(parseIngestText(body, now)).toEqual([
      { at: new Date('2026-12-02T10:00:00.000Z'), text: '第一行\n第二行\n第三行' },
      { at: new Date('2026-12-02T10:00:03.500Z'), text: '下一句' },
    ]);
  });

  it('takes text without a timestamp at arrival, drops empty blocks, and disbelieves a clock far off', () => {
    expect(parseIngestText('只有文字', now)).toEqual([{ at: now, text: '只有文字' }]);
    expect(parseIngestText('2026-12-02T10:00:00.000\n\n2026-12-02T10:00:01.000\n', now)).toEqual([]);
    const far = new Date(now.getTime() - INGEST_CLOCK_SKEW_MS - 1000).toISOString().replace('Z', '');
    expect(parseIngestText(`${far}\n时钟不准`, now)).toEqual([{ at: now, text: '时钟不准' }]);
  });
});

describe('the transcript formats', () => {
  const cue = (over: Partial<CuePublic>): CuePublic => ({
    id: 1, track: 'zh-CN', seq: 1, speaker: null, text: '', final: true, startMs: 0, endMs: 0, at: now.toISOString(), source: 'desk', revised: false, ...over,
  });
  const cues = [
    cue({ seq: 1, text: 'a --> b <i>\n\n两行', speaker: { name: '张 明', title: '局长' }, startMs: 3_723_004, endMs: 3_724_000 }),
    cue({ seq: 2, text: '第二句', startMs: 3_726_000, endMs: 3_730_250 }),
  ];

  it('writes WebVTT a validator accepts: escaped text, no blank line inside a cue, a readable minimum duration', () => {
    const vtt = toWebVtt(cues);
    const parsed = new WebVTTParser().parse(vtt, 'metadata');
    expect(parsed.errors).toEqual([]);
    expect(parsed.cues.map((c) => [c.startTime, c.endTime])).toEqual([
      [3723.004, 3724.504],
      [3726, 3730.25],
    ]);
    expect(parsed.cues[0]!.tree.children[0]).toMatchObject({ name: 'v', value: '张 明' });
    expect(vtt).toContain('01:02:03.004 --> 01:02:04.504\n<v 张 明>a --&gt; b &lt;i&gt;\n两行');
    expect(toWebVtt([])).toBe('WEBVTT\n');
  });

  it('writes SRT with the speaker leading the text', () => {
    expect(toSrt(cues)).toBe('1\n01:02:03,004 --> 01:02:04,504\n张 明：a --> b <i>\n两行\n\n2\n01:02:06,000 --> 01:02:10,250\n第二句\n');
  });
});
