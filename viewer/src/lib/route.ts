/** The two pages the viewer serves, from `location.pathname`. */
export type Route = { page: 'interview'; slug: string } | { page: 'ticket'; ticket: string } | { page: 'unknown' };

// The optional /viewer prefix lets the Vite dev server (base /viewer/) serve the same paths.
const INTERVIEW = /^(?:\/viewer)?\/v\/([^/]+)\/?$/;
const TICKET = /^(?:\/viewer)?\/q\/([^/]+)\/?$/;

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/** `/v/:slug` is the interview page, `/q/:ticket` the asker's page for one question (我的提问). */
export function parseRoute(pathname: string): Route {
  const interview = INTERVIEW.exec(pathname)?.[1];
  const slug = interview === undefined ? null : decode(interview);
  if (slug) return { page: 'interview', slug };
  const ticketPart = TICKET.exec(pathname)?.[1];
  const ticket = ticketPart === undefined ? null : decode(ticketPart);
  if (ticket) return { page: 'ticket', ticket };
  return { page: 'unknown' };
}
