import { SiteInfo } from '../../../../shared/schemas/site.js';
import { request } from '../api.js';

/** What the server says about the site itself (public, no session needed). */
export const siteService = {
  info: () => request('GET', '/api/site', SiteInfo),
};
