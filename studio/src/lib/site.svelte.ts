import { DEFAULT_TIME_ZONE } from '../../../shared/time.js';
import { siteService } from './services/site.js';

/**
 * The site's clock, learnt from the server once at start. Every time the studio shows or takes is on it,
 * not on the browser's zone: a desktop set to UTC must still read and type 10:00 as 10:00 北京时间.
 */
class Site {
  #timeZone = $state(DEFAULT_TIME_ZONE);
  #ready = $state(false);

  get timeZone(): string {
    return this.#timeZone;
  }

  /** False until the server answered (or could not): forms must not start from a guessed zone. */
  get ready(): boolean {
    return this.#ready;
  }

  async load(): Promise<void> {
    try {
      this.#timeZone = (await siteService.info()).timeZone;
    } catch (err) {
      // Without an answer the studio cannot work anyway; the default is what nearly every site runs on.
      console.warn('site settings unavailable; assuming', DEFAULT_TIME_ZONE, err);
    } finally {
      this.#ready = true;
    }
  }
}

export const site = new Site();
