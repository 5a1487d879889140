import { SvelteMap } from 'svelte/reactivity';
import type { ErrorBody } from '../../../shared/errors.js';
import { InterviewStaff } from '../../../shared/schemas/interview.js';
import { QuestionStaff, type QuestionStatus } from '../../../shared/schemas/question.js';
import { describeBody, describeError } from './errors.js';
import { i18n } from './i18n/index.svelte.js';
import { questionsService } from './services/questions.js';
import { interviewsService } from './services/interviews.js';
import { connectStudio, keepConnecting, type StudioSocket } from './socket.js';

export type LiveStatus = 'connecting' | 'online' | 'offline';

/**
 * The live questions of one interview, shared by the review and host views. Loads over HTTP first (so the
 * page is useful even while the socket connects), then joins the `/studio` room: its ack replaces the list and
 * later `question` events upsert by id.
 */
export class QuestionBoard {
  readonly interviewId: number;
  readonly byId = new SvelteMap<number, QuestionStaff>();
  interview = $state<InterviewStaff | null>(null);
  live = $state<LiveStatus>('connecting');
  viewers = $state<number | null>(null);
  /** Why loading failed, in the UI language; '' when it did not. */
  loadError = $state('');
  /** Why the live room refused us (e.g. forbidden), in the UI language; '' when joined or still trying. */
  liveError = $state('');
  /** The last pending question that arrived over the socket, for the aria-live announcement. */
  lastArrival = $state<{ id: number; at: number } | null>(null);

  readonly all = $derived([...this.byId.values()].sort((a, b) => a.id - b.id));
  readonly pending = $derived(this.all.filter((q) => q.status === 'pending'));

  #socket: StudioSocket | null = null;
  /** Cancels the pending reconnect, if any (socket.ts keepConnecting). */
  #stopRetrying: () => void = () => {};

  constructor(interviewId: number) {
    this.interviewId = interviewId;
  }

  /** Questions in the given statuses, oldest first. */
  withStatus(...statuses: QuestionStatus[]): QuestionStaff[] {
    return this.all.filter((q) => statuses.includes(q.status));
  }

  async start(): Promise<void> {
    this.#connect();
    try {
      const [interview, questions] = await Promise.all([
        interviewsService.get(this.interviewId),
        questionsService.list(this.interviewId),
      ]);
      this.interview = interview;
      // The socket may have answered first with fresher data; never go backwards.
      for (const q of questions) if (!this.byId.has(q.id)) this.byId.set(q.id, q);
    } catch (err) {
      const { title, detail } = describeError(err);
      this.loadError = detail ? `${title} ${detail}` : title;
    }
  }

  stop(): void {
    this.#stopRetrying();
    this.#socket?.disconnect();
    this.#socket = null;
  }

  /** Puts a question the server returned into the board, e.g. after an HTTP decision. */
  upsert(q: QuestionStaff): void {
    if (q.interviewId !== this.interviewId) return;
    const old = this.byId.get(q.id);
    // Updates can race (HTTP answer vs socket event); keep the newer one.
    if (old && old.updatedAt > q.updatedAt) return;
    this.byId.set(q.id, q);
  }

  #connect(): void {
    const socket = connectStudio(i18n.lang);
    this.#socket = socket;
    socket.on('connect', () => {
      this.live = 'connecting';
      // Joining again on every reconnect refills the list, so nothing missed while offline stays missing.
      socket.emit('join', { interviewId: this.interviewId }, (ack) => {
        if (!ack.ok) return this.#joinFailed(ack.error);
        this.live = 'online';
        this.liveError = '';
        this.byId.clear();
        for (const raw of ack.data) this.#accept(raw, false);
      });
    });
    this.#stopRetrying = keepConnecting(socket, {
      offline: () => (this.live = 'offline'),
      refused: () => this.#joinFailed({ error: 'protocol_version', message: '' }),
    });
    socket.on('question', (raw) => this.#accept(raw, true));
    socket.on('interview', (raw) => {
      const parsed = InterviewStaff.safeParse(raw);
      if (parsed.success && parsed.data.id === this.interviewId) this.interview = parsed.data;
    });
    socket.on('viewers', (p) => {
      if (p.interviewId === this.interviewId) this.viewers = p.count;
    });
  }

  #accept(raw: unknown, announce: boolean): void {
    // Types do not validate: a malformed event is dropped rather than breaking the list.
    const parsed = QuestionStaff.safeParse(raw);
    if (!parsed.success) return console.warn('ignored malformed question event', parsed.error);
    const q = parsed.data;
    const isNew = !this.byId.has(q.id);
    this.upsert(q);
    if (announce && isNew && q.status === 'pending' && q.interviewId === this.interviewId) {
      this.lastArrival = { id: q.id, at: Date.now() };
    }
  }

  #joinFailed(error: ErrorBody): void {
    this.live = 'offline';
    const { title, detail } = describeBody(error);
    this.liveError = detail ? `${title} ${detail}` : title;
  }
}
