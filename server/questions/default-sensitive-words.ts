/**
 * A short starter list so screening visibly works on a fresh install. Each site replaces it with its
 * own list in the studio (敏感词设置); the product does not ship an official list.
 */
export const DEFAULT_SENSITIVE_WORDS: readonly string[] = [
  '代开发票',
  '办证',
  '刻章',
  '赌博',
  '博彩',
  '六合彩',
  '枪支',
  '毒品',
  '傻逼',
  '去死',
];
