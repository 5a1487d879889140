/** The studio's pages; the hash (`#/interviews/3/review`) is the whole address, so the server serves one file. */
export type Route =
  | { name: 'interviews' }
  | { name: 'newInterview' }
  | { name: 'review'; id: number }
  | { name: 'host'; id: number }
  | { name: 'settings'; id: number }
  | { name: 'stage'; id: number }
  | { name: 'director'; id: number }
  | { name: 'livetext'; id: number }
  | { name: 'livetextApproval'; id: number }
  | { name: 'captions'; id: number }
  | { name: 'transcript'; id: number }
  | { name: 'publish'; id: number }
  | { name: 'record'; id: number }
  | { name: 'preview'; id: number }
  | { name: 'vote'; id: number }
  | { name: 'receipt'; id: number }
  | { name: 'receipts' }
  | { name: 'users' }
  | { name: 'units' }
  | { name: 'words' }
  | { name: 'audit' }
  | { name: 'replies' }
  | { name: 'calendar' }
  | { name: 'stats' }
  | { name: 'plan' }
  | { name: 'password' }
  | { name: 'notFound' };

const PER_INTERVIEW = {
  review: 'review',
  host: 'host',
  settings: 'settings',
  stage: 'stage',
  director: 'director',
  captions: 'captions',
  record: 'record',
  livetext: 'livetext',
  'livetext-approval': 'livetextApproval',
  transcript: 'transcript',
  publish: 'publish',
  preview: 'preview',
  vote: 'vote',
  receipt: 'receipt',
} as const;

/** Reads a hash such as `#/interviews/3/host` into a route. */
export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [first, second, third] = parts;
  if (!first || first === 'login') return { name: 'interviews' };
  if (first === 'users' && parts.length === 1) return { name: 'users' };
  if (first === 'units' && parts.length === 1) return { name: 'units' };
  if (first === 'words' && parts.length === 1) return { name: 'words' };
  if (first === 'audit' && parts.length === 1) return { name: 'audit' };
  if (first === 'replies' && parts.length === 1) return { name: 'replies' };
  if (first === 'calendar' && parts.length === 1) return { name: 'calendar' };
  if (first === 'receipts' && parts.length === 1) return { name: 'receipts' };
  if (first === 'stats' && parts.length === 1) return { name: 'stats' };
  if (first === 'plan' && parts.length === 1) return { name: 'plan' };
  if (first === 'password' && parts.length === 1) return { name: 'password' };
  if (first === 'interviews') {
    if (parts.length === 1) return { name: 'interviews' };
    if (second === 'new' && parts.length === 2) return { name: 'newInterview' };
    const id = Number(second);
    if (Number.isInteger(id) && id > 0 && third && third in PER_INTERVIEW && parts.length === 3) {
      return { name: PER_INTERVIEW[third as keyof typeof PER_INTERVIEW], id };
    }
  }
  return { name: 'notFound' };
}

/** The hash for a route, for links. */
export function href(route: Route): string {
  switch (route.name) {
    case 'interviews':
      return '#/interviews';
    case 'newInterview':
      return '#/interviews/new';
    case 'review':
    case 'host':
    case 'settings':
    case 'stage':
    case 'director':
    case 'livetext':
    case 'captions':
    case 'transcript':
    case 'publish':
    case 'record':
    case 'preview':
    case 'vote':
    case 'receipt':
      return `#/interviews/${route.id}/${route.name}`;
    case 'livetextApproval':
      return `#/interviews/${route.id}/livetext-approval`;
    case 'users':
      return '#/users';
    case 'units':
      return '#/units';
    case 'words':
      return '#/words';
    case 'audit':
      return '#/audit';
    case 'replies':
      return '#/replies';
    case 'calendar':
      return '#/calendar';
    case 'receipts':
      return '#/receipts';
    case 'stats':
      return '#/stats';
    case 'plan':
      return '#/plan';
    case 'password':
      return '#/password';
    case 'notFound':
      return '#/';
  }
}

/** The current route, following `hashchange`. */
class Router {
  #route = $state<Route>(parseHash(location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.#route = parseHash(location.hash);
    });
  }

  get route(): Route {
    return this.#route;
  }

  go(route: Route): void {
    location.hash = href(route);
  }
}

export const router = new Router();
