import { lang } from './i18n.js';

/**
 * Links the viewer hands out. They are absolute and point at the fangtan origin (the page's own
 * origin), because the asker copies them out of an iframe that sits inside someone else's portal.
 */
function withLang(path: string): string {
  return `${location.origin}${path}${lang === 'en' ? '?lang=en' : ''}`;
}

/** The asker's personal status page for one question. */
export function ticketUrl(ticket: string): string {
  return withLang(`/q/${encodeURIComponent(ticket)}`);
}

/** The stand-alone interview page. */
export function interviewUrl(slug: string): string {
  return withLang(`/v/${encodeURIComponent(slug)}`);
}
