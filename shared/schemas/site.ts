import { z } from 'zod';

/** What every page needs to know about the site before it shows a time: the clock it runs on. */
export const SiteInfo = z.object({
  /** IANA zone (SITE_TIMEZONE) in which every screen shows and takes times, e.g. `Asia/Shanghai`. */
  timeZone: z.string(),
});
export type SiteInfo = z.infer<typeof SiteInfo>;
