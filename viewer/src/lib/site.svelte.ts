import { DEFAULT_TIME_ZONE } from './contract.js';
import { fetchSite } from './api.js';

/**
 * The site's clock, learnt from the server at start. The viewer shows every time on it, whatever the
 * phone's zone; the formats read it as state, so times already on screen follow if the answer differs.
 */
class Site {
  #timeZone = $state(DEFAULT_TIME_ZONE);

  get timeZone(): string {
    return this.#timeZone;
  }

  async load(): Promise<void> {
    try {
      this.#timeZone = (await fetchSite()).timeZone;
    } catch {
      // The default is what nearly every site runs on; the page works on without the answer.
    }
  }
}

export const site = new Site();
