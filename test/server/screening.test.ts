import { describe, expect, it } from 'vitest';
import {
  bigrams,
  DuplicateIndex,
  findDuplicate,
  locateSensitiveWords,
  maskPersonalData,
  relocatePublic,
  SensitiveWordFilter,
  similarity,
} from '../../server/questions/screening.js';

describe('sensitive words', () => {
  const filter = new SensitiveWordFilter(['代开发票', '赌博', 'spam']);

  it('finds listed words inside Chinese text, which has no word boundaries', () => {
    expect(filter.find('有人在小区门口代开发票，还组织赌博')).toEqual(['代开发票', '赌博']);
  });

  it('sees through spaces, punctuation, full-width letters and case', () => {
    expect(filter.find('代 开.发-票')).toEqual(['代开发票']);
    expect(filter.find('ＳＰＡＭ here')).toEqual(['spam']);
  });

  it('reports each word once and nothing for clean text', () => {
    expect(filter.find('赌博赌博')).toEqual(['赌博']);
    expect(filter.find('请问老旧小区改造什么时候开始？')).toEqual([]);
    expect(new SensitiveWordFilter([]).find('赌博')).toEqual([]);
  });
});

describe('where a sensitive word matched', () => {
  const filter = new SensitiveWordFilter(['代开发票', '刻章', 'SPAM', '发票']);
  const spans = (text: string) => filter.locate(text).map((h) => [h.word, text.slice(h.start, h.end)]);

  it('covers exactly what matched in the text as typed, the inserted spaces and punctuation included', () => {
    expect(spans('小区门口有人代 开 发 票，还有人刻-章。')).toEqual([
      ['代开发票', '代 开 发 票'],
      ['发票', '发 票'],
      ['刻章', '刻-章'],
    ]);
    // Punctuation before or after the word is not part of it.
    expect(spans('“刻章”')).toEqual([['刻章', '刻章']]);
    expect(spans('代．开．发．票！')).toEqual([['代开发票', '代．开．发．票'], ['发票', '发．票']]);
  });

  it('covers full-width letters and other cases as typed, and names the word as the list spells it', () => {
    expect(spans('买ｓｐａｍ吗 Spam')).toEqual([['SPAM', 'ｓｐａｍ'], ['SPAM', 'Spam']]);
  });

  it('counts in UTF-16 units, so text before the match with emoji or rare characters keeps the range right', () => {
    const text = '😀𠀀 代开 发票';
    const [hit] = filter.locate(text);
    expect(text.slice(hit!.start, hit!.end)).toBe('代开 发票');
  });

  it('gives each flagged word its ranges in the original, the public wording and the display name', () => {
    const original = '电话13812345678，代 开 发 票';
    const publicText = maskPersonalData(original).text;
    const matches = locateSensitiveWords(filter, { original, public: publicText, nickname: '刻.章王' });
    expect(matches.map((m) => m.word)).toEqual(['代开发票', '发票', '刻章']);
    const first = matches[0]!;
    expect(first.original.map((r) => original.slice(r.start, r.end))).toEqual(['代 开 发 票']);
    expect(first.public.map((r) => publicText.slice(r.start, r.end))).toEqual(['代 开 发 票']);
    expect(first.nickname).toEqual([]);
    expect(matches[2]!.nickname).toEqual([{ start: 0, end: 3 }]);
    // A reviewer's new wording without the word leaves nothing to mark in it.
    const edited = relocatePublic(filter, matches, '电话已隐去，反映有人开票');
    expect(edited.map((m) => m.public)).toEqual([[], [], []]);
    expect(edited[0]!.original).toEqual(first.original);
  });
});

describe('personal data masking', () => {
  const masked = (text: string) => maskPersonalData(text).text;

  it('masks a mainland mobile number inside Chinese text', () => {
    const r = maskPersonalData('我的电话是13812345678，请联系');
    expect(r.text).toBe('我的电话是138****5678，请联系');
    expect(r.found).toEqual(['mobile']);
  });

  it('masks numbers written with +86, spaces or dashes', () => {
    expect(masked('+86 139 1234 5678')).toBe('139****5678');
    expect(masked('电话139-1234-5678。')).toBe('电话139****5678。');
    expect(masked('(+86)13912345678')).toBe('139****5678');
    expect(masked('0086-139-1234-5678')).toBe('139****5678');
  });

  it('masks mobile numbers typed in full width, as Chinese input methods do', () => {
    const r = maskPersonalData('我的电话１３８１２３４５６７８，谢谢');
    expect(r.text).toBe('我的电话138****5678，谢谢');
    expect(r.found).toEqual(['mobile']);
    expect(masked('＋８６　１３８－１２３４－５６７８')).toBe('138****5678');
    expect(masked('１３８12345678')).toBe('138****5678');
  });

  it('masks mobile numbers grouped with dots, full stops, spaces or other separators', () => {
    for (const typed of [
      '138.1234.5678',
      '138。1234。5678',
      '138．1234．5678',
      '138 1234 5678',
      '1 3 8 1 2 3 4 5 6 7 8',
      '138—1234—5678',
      '138·1234·5678',
      '138 - 1234 - 5678',
      '(138)12345678',
      '138_1234_5678',
      '138/1234/5678',
    ]) {
      expect(masked(`电话${typed}找我`), typed).toBe('电话138****5678找我');
    }
  });

  it('masks mobile numbers spelled in Chinese numerals, with 幺 for 1, 〇 or 零 for 0, and 大写 digits', () => {
    expect(maskPersonalData('打一三八一二三四五六七八').found).toEqual(['mobile']);
    expect(masked('打一三八一二三四五六七八')).toBe('打138****5678');
    expect(masked('幺三八幺二三四五六七八')).toBe('138****5678');
    expect(masked('一三九〇〇〇〇一二三四')).toBe('139****1234');
    expect(masked('一三九零零零零一二三四')).toBe('139****1234');
    expect(masked('壹叁捌壹贰叁肆伍陆柒捌')).toBe('138****5678');
    expect(masked('一三八 一二三四 五六七八')).toBe('138****5678');
    expect(masked('138一二三四5678')).toBe('138****5678');
    // A numeral that is part of a word just before the number does not hide it.
    expect(masked('统一13812345678')).toBe('统一138****5678');
  });

  it('masks landline numbers with an area code, however they are grouped', () => {
    const r = maskPersonalData('办公室电话010-12345678');
    expect(r.text).toBe('办公室电话010-******78');
    expect(r.found).toEqual(['landline']);
    expect(masked('(0951)1234567')).toBe('0951-*****67');
    expect(masked('（０９５１）１２３４５６７')).toBe('0951-*****67');
    expect(masked('0951 123 4567')).toBe('0951-*****67');
    expect(masked('电话：0755-8888 6666。')).toBe('电话：0755-******66。');
    expect(masked('02112345678')).toBe('021-******78');
  });

  it('masks an 18-digit ID-card number, including an X check digit, and not as a phone number', () => {
    const r = maskPersonalData('身份证号11010519491231002X');
    expect(r.text).toBe('身份证号110***********002X');
    expect(r.found).toEqual(['idcard']);
  });

  it('masks ID-card numbers in full width, in lower case or in groups', () => {
    expect(masked('身份证１１０１０５１９４９１２３１００２Ｘ')).toBe('身份证110***********002X');
    expect(masked('身份证11010519491231002x。')).toBe('身份证110***********002X。');
    expect(masked('110105 19491231 002X')).toBe('110***********002X');
    expect(masked('110105-1949-1231-0021')).toBe('110***********0021');
  });

  it('masks bank-card numbers of 16 to 19 digits that pass the Luhn check', () => {
    const r = maskPersonalData('工资卡6222021234567894');
    expect(r.text).toBe('工资卡6222********7894');
    expect(r.found).toEqual(['bankcard']);
    expect(masked('卡号 6222 0212 3456 7894')).toBe('卡号 6222********7894');
    expect(masked('6217-0000-1000-1234-569')).toBe('6217***********4569');
    expect(masked('６２２８４８００１２３４５６７８９０３')).toBe('6228***********8903');
    expect(masked('4532015112830366')).toBe('4532********0366');
  });

  it('masks email addresses', () => {
    const r = maskPersonalData('发到zhang.san@example.com.cn谢谢');
    expect(r.text).toBe('发到z***@example.com.cn谢谢');
    expect(r.found).toEqual(['email']);
  });

  it('masks email addresses typed with a full-width ＠ or ．, the 。 of a Chinese IME, or in full width', () => {
    expect(masked('邮箱zhang＠example.com')).toBe('邮箱z***@example.com');
    expect(masked('邮箱zhang@example．com')).toBe('邮箱z***@example.com');
    expect(masked('邮箱zhang@qq。com，谢谢')).toBe('邮箱z***@qq.com，谢谢');
    expect(masked('ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ')).toBe('z***@example.com');
    expect(masked('zhang @ example.com')).toBe('z***@example.com');
    // The digits of an address are not a phone number.
    expect(maskPersonalData('13812345678@qq.com')).toEqual({ text: '1***@qq.com', found: ['email'] });
  });

  it('leaves ordinary numbers alone', () => {
    const text = '2026年投入资金12345678元，改造300个小区，电话区号0912';
    expect(maskPersonalData(text)).toEqual({ text, found: [] });
  });

  it('does not mask years, amounts, dates, document numbers and other figures that are not personal data', () => {
    for (const text of [
      '2026年',
      '二〇二六年三月十五日',
      '补贴1500元',
      '每户1,500元，共13,456,789,012元',
      '资金12,000.50元',
      '根据国发〔2024〕12号文件',
      '京政办发〔2023〕105号',
      '2026-03-15 14:30开始',
      '2026.03.15 13:00',
      '圆周率3.1415926535',
      '第3期，共12345人参加',
      '邮编750001',
      '编号12345678901',
      '订单号2026031512345678',
      '卡号6222021234567895',
      '1234 5678 9012 3456',
      '一五一十地说，一二三四五六七八九十',
      '电话12345678',
    ]) {
      expect(maskPersonalData(text), text).toEqual({ text, found: [] });
    }
  });

  it('keeps masked text as it is when it is masked again (every edit masks the wording anew)', () => {
    const once = masked('13812345678 010-12345678 11010519491231002X 6222021234567894 a@b.cn');
    expect(masked(once)).toBe(once);
  });

  it('finds every kind in one text', () => {
    expect(maskPersonalData('13812345678 11010519491231002X a@b.cn 010-12345678 6222021234567894').found.sort()).toEqual([
      'bankcard',
      'email',
      'idcard',
      'landline',
      'mobile',
    ]);
  });
});

describe('duplicate detection', () => {
  it('rates a reworded question as similar and an unrelated one as not', () => {
    const a = bigrams('小区停车难的问题什么时候解决？');
    expect(similarity(a, bigrams('请问小区停车难问题何时能解决'))).toBeGreaterThanOrEqual(0.5);
    expect(similarity(a, bigrams('请问医保报销比例是多少'))).toBeLessThan(0.2);
  });

  it('picks the most similar earlier question above the threshold', () => {
    const earlier = [
      { id: 1, grams: bigrams('垃圾分类怎么做') },
      { id: 2, grams: bigrams('老旧小区改造什么时候开始') },
      { id: 3, grams: bigrams('老旧小区改造什么时候开始？资金从哪里来') },
    ];
    expect(findDuplicate(bigrams('老旧小区改造何时开始'), earlier)).toMatchObject({ id: 2 });
    expect(findDuplicate(bigrams('义务教育入学政策'), earlier)).toBeNull();
  });

  it('recognises a question asked again with more text added', () => {
    const earlier = [{ id: 9, grams: bigrams('小区停车难的问题什么时候解决？') }];
    expect(findDuplicate(bigrams('小区停车难的问题什么时候能解决？另外垃圾站离得太近了怎么办'), earlier)).toMatchObject({ id: 9 });
    // Sharing a topic is not asking the same thing.
    const reform = [{ id: 3, grams: bigrams('老旧小区改造什么时候开始') }];
    expect(findDuplicate(bigrams('老旧小区改造的资金从哪里来，居民要出多少钱'), reform)).toBeNull();
  });

  it('does not call very short questions duplicates', () => {
    expect(findDuplicate(bigrams('你好'), [{ id: 1, grams: bigrams('你好') }])).toBeNull();
  });
});

describe('the duplicate index', () => {
  const questions = [
    '老旧小区改造什么时候开始',
    '小区停车难的问题什么时候解决？',
    '学校周边交通拥堵如何治理？',
    '老旧小区加装电梯补贴标准是多少',
    '医保报销比例是多少',
    '公交线路能否延伸到新区',
    '垃圾分类怎么做',
    '老旧小区加装电梯的补贴标准是多少钱',
  ];

  it('finds what a full comparison finds, comparing only questions that share a bigram', () => {
    const index = new DuplicateIndex(100);
    const earlier: Array<{ id: number; grams: Set<string> }> = [];
    for (const [i, q] of questions.entries()) {
      const grams = bigrams(q);
      expect(index.find(grams), q).toEqual(findDuplicate(grams, earlier));
      index.add(i + 1, grams);
      earlier.push({ id: i + 1, grams });
    }
    expect(index.find(bigrams('老旧小区加装电梯补贴标准是多少？'))).toMatchObject({ id: 4, similarity: 1 });
  });

  it('forgets the oldest question beyond its capacity', () => {
    const index = new DuplicateIndex(2);
    index.add(1, bigrams('老旧小区改造什么时候开始'));
    index.add(2, bigrams('医保报销比例是多少'));
    index.add(3, bigrams('垃圾分类怎么做才对'));
    expect(index.size).toBe(2);
    expect(index.find(bigrams('老旧小区改造什么时候开始'))).toBeNull();
    expect(index.find(bigrams('医保报销比例是多少'))).toMatchObject({ id: 2 });
  });
});
