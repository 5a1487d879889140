import { applyPublicChange, publicList, type InterviewPublic, type PublicChange, type QuestionPublic } from '../lib/contract.js';
import { t } from '../lib/i18n.js';

export type RoomLoad = 'loading' | 'ready' | 'not_found' | 'failed';

/**
 * One interview as a netizen sees it: its public fields and its published questions, kept current
 * from the HTTP snapshot plus the `/viewer` socket events. The list is kept by the server's own rule
 * (shared/questionPublic.ts), in its display order, so events leave it as a fresh GET would show it.
 */
export class InterviewRoom {
  #load = $state<RoomLoad>('loading');
  #interview = $state.raw<InterviewPublic | null>(null);
  #questions = $state.raw<QuestionPublic[]>([]);
  #viewers = $state<number | null>(null);
  #online = $state(true);
  #outdated = $state(false);
  #announcement = $state('');
  #onAirQuestion = $state.raw<QuestionPublic | null>(null);
  // Questions whose written answer (书面答复) is published: deferred in the record, answered for the reader.
  #repliedIds = $state.raw<ReadonlySet<number>>(new Set());
  // Socket events that arrive while a snapshot is in flight are replayed on top of it, so a snapshot
  // read a moment before an event cannot undo that event.
  #inFlight: PublicChange[] | null = null;

  get load() {
    return this.#load;
  }
  get interview() {
    return this.#interview;
  }
  get viewers() {
    return this.#viewers;
  }
  get online() {
    return this.#online;
  }
  /** The server refused this page's protocol version: it was cached before an upgrade. */
  get outdated() {
    return this.#outdated;
  }
  /** Text for the polite live region: set only when the question on air changes. */
  get announcement() {
    return this.#announcement;
  }

  /** The question on air as the server's `onair` event last told it: the strip on the picture shows it. */
  get onAirQuestion() {
    return this.#onAirQuestion;
  }

  // Each section keeps the list's display order (compareForDisplay), the same as the HTTP list.
  readonly onAir = $derived(this.#questions.filter((q) => q.status === 'on_air'));
  /** The host's queue in its order, then approved questions not yet queued, newest first. */
  readonly waiting = $derived(this.#questions.filter((q) => q.status === 'queued' || q.status === 'approved'));
  /** Most recently answered first: that is what a late-joining viewer wants to read. */
  readonly answered = $derived(this.#questions.filter((q) => q.status === 'answered'));
  /** Deferred to a written answer that is not published yet (将书面答复). */
  readonly deferred = $derived(this.#questions.filter((q) => q.status === 'deferred' && !this.#repliedIds.has(q.id)));
  /** Deferred and since answered in writing (已书面答复): each card links to its reply below the list. */
  readonly answeredInWriting = $derived(
    this.#questions.filter((q) => q.status === 'deferred' && this.#repliedIds.has(q.id)),
  );
  readonly isEmpty = $derived(this.#questions.length === 0);

  /** A snapshot is on its way; changes from now on are also kept aside to replay on top of it. */
  beginLoad(): void {
    this.#inFlight = [];
    if (this.#load !== 'ready') this.#load = 'loading';
  }

  loaded(interview: InterviewPublic, questions: QuestionPublic[]): void {
    const replay = this.#inFlight ?? [];
    this.#inFlight = null;
    const before = this.#onAirId();
    this.#interview = interview;
    this.#questions = publicList(questions);
    for (const change of replay) this.#apply(change);
    // The first snapshot is not news: announce only changes seen while the page is open.
    if (this.#load === 'ready') this.#announceIfChanged(before);
    this.#load = 'ready';
  }

  failed(reason: 'not_found' | 'failed'): void {
    this.#inFlight = null;
    // A failed refresh keeps what is on screen; only a page that never loaded shows the error.
    if (this.#load !== 'ready') this.#load = reason;
  }

  upsert(question: QuestionPublic): void {
    this.#change({ kind: 'upsert', question });
  }

  remove(id: number): void {
    this.#change({ kind: 'remove', id });
  }

  setInterview(interview: InterviewPublic): void {
    this.#interview = interview;
  }

  /** The questions with a published written reply, as `GET …/written-replies` listed them. */
  setWrittenReplies(questionIds: Iterable<number>): void {
    this.#repliedIds = new Set(questionIds);
  }

  setOnAirQuestion(question: QuestionPublic | null): void {
    this.#onAirQuestion = question;
  }

  setViewers(count: number): void {
    this.#viewers = count;
  }

  setOnline(online: boolean): void {
    this.#online = online;
  }

  setOutdated(): void {
    this.#online = false;
    this.#outdated = true;
  }

  #change(change: PublicChange): void {
    this.#inFlight?.push(change);
    const before = this.#onAirId();
    this.#apply(change);
    if (this.#load === 'ready') this.#announceIfChanged(before);
  }

  #apply(change: PublicChange): void {
    // A question that leaves the public statuses leaves the list, whatever event carried it.
    this.#questions = applyPublicChange(this.#questions, change);
  }

  #onAirId(): number | null {
    return this.onAir[0]?.id ?? null;
  }

  #announceIfChanged(before: number | null): void {
    const now = this.onAir[0];
    if (now && now.id !== before) this.#announcement = t('list.announceOnAir', { content: now.content });
  }
}
