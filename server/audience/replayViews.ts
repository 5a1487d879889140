import { createHash, randomBytes } from 'node:crypto';
import { wallClock } from '../../shared/time.js';
import type { Db } from '../db/index.js';

/** The site-calendar day (YYYY-MM-DD) of an instant. */
export function siteDay(at: Date, zone: string): string {
  const w = wallClock(at, zone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/**
 * 回放观看: a view of the published record is counted when the viewer asks for it (GET /api/interviews/:slug/record
 * answers 200), once per browser per site day. A browser is its address and user agent, hashed with a salt
 * that lives only in this process, so the table holds no address and the key cannot be turned back into one;
 * the price is that a restart may count a browser a second time that day. No cookie: the viewer sits in the
 * portal's iframe, where browsers refuse third-party cookies.
 */
export class ReplayViews {
  private readonly salt = randomBytes(16).toString('hex');

  constructor(
    private readonly db: Db,
    private readonly zone: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Counts the view unless this browser already viewed this interview's record today. */
  async count(interviewId: number, address: string, userAgent: string): Promise<void> {
    const at = this.now();
    const day = siteDay(at, this.zone);
    const viewerKey = createHash('sha256').update(`${this.salt}\n${day}\n${address}\n${userAgent}`).digest('base64url').slice(0, 22);
    await this.db
      .insertInto('replay_views')
      .values({ interview_id: interviewId, day, viewer_key: viewerKey, at: at.toISOString() })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}
