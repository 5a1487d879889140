import { describe, expect, it } from 'vitest';
import { findMentions, parseMentions } from '../../shared/schemas/chat.js';

describe('role mentions in a crew chat message', () => {
  it('marks where each mention is, so the studio highlights exactly the words the server resolved', () => {
    const text = '@单位联络员请确认，@审核员 看第3条';
    expect(findMentions(text).map((m) => [text.slice(m.start, m.start + m.length), m.role])).toEqual([
      ['@单位联络员', 'liaison'],
      ['@审核员', 'reviewer'],
    ]);
  });

  it('reads English aliases whole and in any case, and not inside an address or a longer word', () => {
    expect(parseMentions('@Director, @EDITOR! mail x@host.cn, @hosting, @hosts')).toEqual(['director', 'editor']);
    expect(parseMentions('@host\n@字幕')).toEqual(['host', 'editor']);
  });

  it('names each role once, in the order first mentioned', () => {
    expect(parseMentions('@导播 @审核 @director @审核员')).toEqual(['director', 'reviewer']);
    expect(parseMentions('没有提及 @ 谁')).toEqual([]);
  });
});
