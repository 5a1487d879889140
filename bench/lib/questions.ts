// Realistic netizen questions for load: varied Chinese text of 30–90 characters, an optional nickname
// and sometimes a contact, built from fragments so no two bodies in a pool are the same. None contains a
// word from the starter sensitive-word list, so the screening path is the common one (no hit).

const PLACES = ['幸福里小区', '东风路3号院', '建设新村', '红旗街道', '光明小区', '纺织厂宿舍', '铁路新村', '北关社区'];
const TOPICS = [
  '加装电梯的补贴标准是多少',
  '雨污分流改造什么时候开工',
  '外墙保温施工期间噪音太大怎么办',
  '改造后的停车位如何分配',
  '楼道照明和消防设施能否一并更新',
  '老年人助餐点有没有规划',
  '改造资金中居民需要承担多少',
  '施工队擅自占用绿地应该向哪里反映',
  '二次供水管网老化能否纳入今年计划',
  '充电桩安装需要物业同意吗',
];
const OPENERS = ['请问', '您好，想问一下', '局长好，', '我是本地居民，', '麻烦问下，', ''];
const CLOSERS = ['谢谢！', '盼复。', '希望尽快给个答复。', '具体流程是什么？', '', '我们等了很久了。'];

function pick<T>(xs: readonly T[], n: number): T {
  return xs[n % xs.length]!;
}

/** The n-th request body (JSON text); deterministic so runs are comparable. */
export function questionBody(n: number): string {
  const content = `${pick(OPENERS, n)}${pick(PLACES, n >> 3)}${pick(TOPICS, n * 7 + (n >> 5))}？${pick(CLOSERS, n >> 1)}（${n}）`;
  const body: { content: string; nickname?: string; contact?: string } = { content };
  if (n % 3 !== 0) body.nickname = `网友${(n * 2654435761) % 100000}`;
  if (n % 5 === 0) body.contact = `139${String(10_000_000 + (n % 90_000_000)).slice(0, 8)}`;
  return JSON.stringify(body);
}

/** A pool of distinct bodies, built before a run so the load generator does no string work while measuring. */
export function bodyPool(size: number): string[] {
  return Array.from({ length: size }, (_, i) => questionBody(i));
}
