import { describe, expect, it } from 'vitest';
import { bigrams, DuplicateIndex, findDuplicate, maskPersonalData, SensitiveWordFilter, similarity } from '../../server/questions/screening.js';

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

describe('personal data masking', () => {
  it('masks a mainland mobile number inside Chinese text', () => {
    const r = maskPersonalData('我的电话是13812345678，请联系');
    expect(r.text).toBe('我的电话是138****5678，请联系');
    expect(r.found).toEqual(['mobile']);
  });

  it('masks numbers written with +86, spaces or dashes', () => {
    expect(maskPersonalData('+86 139 1234 5678').text).toBe('139****5678');
    expect(maskPersonalData('电话139-1234-5678。').text).toBe('电话139****5678。');
  });

  it('masks an 18-digit ID-card number, including an X check digit, and not as a phone number', () => {
    const r = maskPersonalData('身份证号11010519491231002X');
    expect(r.text).toBe('身份证号110***********002X');
    expect(r.found).toEqual(['idcard']);
  });

  it('masks email addresses', () => {
    const r = maskPersonalData('发到zhang.san@example.com.cn谢谢');
    expect(r.text).toBe('发到z***@example.com.cn谢谢');
    expect(r.found).toEqual(['email']);
  });

  it('leaves ordinary numbers alone', () => {
    const text = '2026年投入资金12345678元，改造300个小区，电话区号0912';
    expect(maskPersonalData(text)).toEqual({ text, found: [] });
  });

  it('finds every kind in one text', () => {
    expect(maskPersonalData('13812345678 11010519491231002X a@b.cn').found.sort()).toEqual(['email', 'idcard', 'mobile']);
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
