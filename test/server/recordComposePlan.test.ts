import { describe, expect, it } from 'vitest';
import { onAirStrip, textWidth, tilesOf, wrapText } from '../../server/record/compose-layout.js';
import { concatList } from '../../server/record/compose-graph.js';
import { mediaEndOf, planProgram, questionWindows, type KnownSegment } from '../../server/record/compose-plan.js';

const T0 = 1_000_000;
const A = { participantId: 'a', name: '张明', title: '主持人' };
const B = { participantId: 'b', name: '李华', title: '' };
const seg = (participantId: string, startS: number, lenS: number, extra: Partial<KnownSegment> = {}): KnownSegment => ({
  participantId,
  path: `/rec/${participantId}/${startS}.mkv`,
  wallStartMs: T0 + startS * 1000,
  durationMs: lenS * 1000,
  hasAudio: true,
  hasVideo: true,
  ...extra,
});

describe('planning the program', () => {
  it('cuts the pauses out and ends where the last media ends (after a crash the span runs on)', () => {
    const plan = planProgram(
      { interviewId: 1, spans: [{ startMs: T0, endMs: T0 + 20_000 }, { startMs: T0 + 30_000, endMs: T0 + 90_000 }], segments: [], timeline: [] },
      [seg('a', 0, 10), seg('a', 10, 10), seg('a', 30, 10), seg('a', 40, 5)],
    );
    expect(plan.spans).toEqual([
      { wallStartMs: T0, wallEndMs: T0 + 20_000, programStartMs: 0 },
      { wallStartMs: T0 + 30_000, wallEndMs: T0 + 45_000, programStartMs: 20_000 },
    ]);
    expect(plan.durationMs).toBe(35_000);
    // Back to back across the pause: one run, the segment after it at program 20 s.
    expect(plan.runs).toHaveLength(1);
    expect(plan.runs[0]!.pieces.map((p) => p.programMs)).toEqual([0, 10_000, 20_000, 30_000]);
  });

  it('follows the timeline span by span, the state at a span start being the last change before it', () => {
    const plan = planProgram(
      {
        interviewId: 1,
        spans: [{ startMs: T0, endMs: T0 + 10_000 }, { startMs: T0 + 20_000, endMs: T0 + 30_000 }],
        segments: [],
        timeline: [
          { atMs: T0 - 500, layout: 'single', slots: [A] },
          { atMs: T0 + 5000, layout: 'side_by_side', slots: [A, B] },
          // During the pause: in force when the recording resumes.
          { atMs: T0 + 15_000, layout: 'pip', slots: [B, A] },
          { atMs: T0 + 25_000, layout: 'single', slots: [] },
        ],
      },
      [seg('a', 0, 30), seg('b', 0, 30)],
    );
    expect(plan.scenes.map((s) => [s.startMs, s.endMs, s.tiles.map((t) => `${t.slot.participantId}:${t.kind}`).join(' ')])).toEqual([
      [0, 5000, 'a:full'],
      [5000, 10_000, 'a:left b:right'],
      [10_000, 15_000, 'b:full a:inset'],
      [15_000, 20_000, ''],
    ]);
    expect(plan.scenes[1]!.audio).toEqual(['a', 'b']);
  });

  it('shows what the viewer shows: one slot of a two-person layout is single; single shows the first, hears all', () => {
    expect(tilesOf('side_by_side', [A]).map((t) => t.kind)).toEqual(['full']);
    expect(tilesOf('single', [A, B]).map((t) => t.slot.participantId)).toEqual(['a']);
    expect(tilesOf('pip', [A, B, { participantId: 'c', name: 'C', title: '' }]).map((t) => t.kind)).toEqual(['full', 'inset']);
  });

  it('starts a new input after a long hole or a change of streams, so no hole is filled in memory', () => {
    const plan = planProgram({ interviewId: 1, spans: [{ startMs: T0, endMs: T0 + 100_000 }], segments: [], timeline: [] }, [
      seg('a', 0, 10),
      seg('a', 11, 9), // a 1 s hole: ffmpeg restarted
      seg('a', 60, 10), // 40 s away (off stage): a new run
      seg('a', 70, 10, { hasVideo: false }), // camera off: audio only
    ]);
    expect(plan.runs.map((r) => [r.programStartMs, r.hasVideo, r.pieces.length])).toEqual([
      [0, true, 2],
      [60_000, true, 1],
      [70_000, false, 1],
    ]);
    expect(plan.runs[0]!.coverage).toEqual([{ startMs: 0, endMs: 10_000 }, { startMs: 11_000, endMs: 20_000 }]);
  });

  it('lists a segment split by a pause with in and out points, each piece at its program position', () => {
    const plan = planProgram({ interviewId: 1, spans: [{ startMs: T0, endMs: T0 + 4000 }, { startMs: T0 + 6000, endMs: T0 + 10_000 }], segments: [], timeline: [] }, [
      seg('a', 0, 10, { fileStartS: 0.02 }),
    ]);
    const list = concatList(plan.runs[0]!);
    expect(list).toBe(
      [
        'ffconcat version 1.0',
        "file '/rec/a/0.mkv'",
        'outpoint 4.020',
        'duration 4.000',
        "file '/rec/a/0.mkv'",
        'inpoint 6.020',
        'duration 4.000',
        '',
      ].join('\n'),
    );
  });
});

describe('the on-air question strip', () => {
  it('lays each on-air stretch on program time, cut by the recording pauses', () => {
    const spans = [
      { wallStartMs: 1000, wallEndMs: 5000, programStartMs: 0 },
      { wallStartMs: 9000, wallEndMs: 12000, programStartMs: 4000 },
    ];
    const q = (onAirMs: number, offAirMs: number | null) => ({ onAirMs, offAirMs, content: '问题', askedBy: '提问：网友' });
    expect(questionWindows([q(4000, 10000), q(11000, null), q(6000, 8000)], spans).map((w) => [w.startMs, w.endMs])).toEqual([
      [3000, 4000],
      [4000, 5000],
      [6000, 7000],
    ]);
  });

  it('wraps a long question to two lines, the second cut with an ellipsis, clear of who asked', () => {
    const long = '请问我们区今年在老旧小区改造方面有哪些具体安排，加装电梯的补贴标准是多少，居民应该如何申请，需要准备哪些材料，大概多久能批下来？另外停车位紧张的问题有没有统筹解决的办法？';
    const strip = onAirStrip(long, '提问：热心市民');
    expect(strip.lines).toHaveLength(2);
    expect(strip.lines[1]!.text.endsWith('…')).toBe(true);
    expect(strip.lines.map((l) => l.text.replace('…', '')).join('')).toBe(long.slice(0, strip.lines.map((l) => l.text.replace('…', '')).join('').length));
    for (const l of strip.lines) expect(l.x + textWidth(l.text, strip.size)).toBeLessThanOrEqual(strip.asker.x - 8);
    expect(strip.bar.h).toBeGreaterThan(2 * strip.size);
    expect(onAirStrip('短问题', '提问：网友').lines).toEqual([expect.objectContaining({ text: '短问题' })]);
    expect(wrapText('一二三四五六', 26, 60, 3)).toEqual(['一二', '三四', '五六']);
  });
});

describe('where the recorded media ends', () => {
  const seg = (participantId: string, kind: 'audio' | 'video', wallStartMs: number, durationMs: number): KnownSegment => ({
    participantId,
    path: `/x/${participantId}-${kind}-${wallStartMs}.mkv`,
    wallStartMs,
    durationMs,
    hasAudio: kind === 'audio',
    hasVideo: kind === 'video',
  });

  it("ends a person where both of their tracks still have media, so a crash leaves no black tail under the sound", () => {
    // A crash cut the picture's file at 11.1 s and the sound's at 11.9 s.
    expect(mediaEndOf([seg('host', 'audio', 0, 10_000), seg('host', 'audio', 10_000, 1900), seg('host', 'video', 70, 9930), seg('host', 'video', 10_000, 1100)])).toBe(11_100);
  });

  it('lets a camera switched off long before not hold the sound back, and takes the latest person', () => {
    expect(mediaEndOf([seg('guest', 'video', 0, 5000), seg('guest', 'audio', 0, 30_000)])).toBe(30_000);
    expect(mediaEndOf([seg('host', 'audio', 0, 20_000), seg('host', 'video', 0, 19_500), seg('guest', 'audio', 0, 25_000)])).toBe(25_000);
  });
});
