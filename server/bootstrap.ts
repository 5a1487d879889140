import { SYSTEM } from './audit/log.js';
import { generatePassword } from './auth/passwords.js';
import type { Config } from './config.js';
import type { Domain } from './domain.js';
import { DEFAULT_SENSITIVE_WORDS } from './questions/default-sensitive-words.js';

export interface FirstStart {
  /** Set when this start created the admin account. */
  admin?: { username: string; password: string; generated: boolean };
  demoSlug?: string;
}

/**
 * On an empty database: the first admin account, the starter sensitive-word list and (unless DEMO=0)
 * a demo interview that accepts questions, so a newcomer sees something at once.
 */
export async function firstStart(domain: Domain, config: Config): Promise<FirstStart> {
  const result: FirstStart = {};
  if ((await domain.users.count()) === 0) {
    const password = config.ADMIN_PASSWORD ?? generatePassword();
    const generated = !config.ADMIN_PASSWORD;
    // A printed password has been on a terminal and in scroll-back: its holder replaces it at first login.
    // One the operator set through ADMIN_PASSWORD was chosen deliberately and is kept as it is.
    await domain.users.create({ username: 'admin', displayName: '管理员', role: 'admin', password, mustChangePassword: generated }, SYSTEM);
    result.admin = { username: 'admin', password, generated };
    await domain.words.set([...DEFAULT_SENSITIVE_WORDS], SYSTEM);
    if (config.DEMO) {
      const unit = await domain.units.create({ name: '区住房和城乡建设局' }, SYSTEM);
      const start = new Date(Date.now() + 24 * 3600_000);
      start.setUTCMinutes(0, 0, 0);
      const demo = await domain.interviews.create(
        {
          slug: 'demo',
          title: '聚焦老旧小区改造 回应群众关切',
          unitId: unit.id,
          topic: '2026年老旧小区改造工作进展与政策解读',
          summary: '这是一期演示访谈：网友可以提问，审核员在工作台审核，主持人安排提问顺序并标记已回答。',
          scheduledStart: start.toISOString(),
          scheduledEnd: new Date(start.getTime() + 60 * 60_000).toISOString(),
          guests: [{ name: '张明', title: '区住房和城乡建设局局长', bio: '负责全区住房保障和城乡建设工作。' }],
          preModeration: true,
          liveTextApproval: 'none',
        },
        SYSTEM,
        'scheduled',
      );
      result.demoSlug = demo.slug;
    }
  }
  return result;
}
