import { ApiError, castVote, fetchVote } from '../lib/api.js';
import type { VotePublic } from '../lib/contract.js';
import { castChoice, rememberBallot, voterToken } from '../lib/storage.js';

export type VoteError = 'already' | 'closed' | 'rate_limited' | 'network' | 'generic' | 'choose';

/** 选题投票 on the viewer: the vote (or none), this browser's ballot, and the sending of it. */
export class TopicVote {
  #vote = $state<VotePublic | null>(null);
  #mine = $state<number | undefined>(undefined);
  #sending = $state(false);
  #error = $state<VoteError | null>(null);
  // The server says this browser voted, though it kept no note of it (another tab, cleared storage).
  #votedElsewhere = $state(false);

  constructor(private readonly slug: string) {}

  get vote(): VotePublic | null {
    return this.#vote;
  }
  /** The candidate this browser voted for, if it did. */
  get mine(): number | undefined {
    return this.#mine;
  }
  get sending(): boolean {
    return this.#sending;
  }
  get error(): VoteError | null {
    return this.#error;
  }
  /** Voted, but not from this page's note: the choice is unknown, the form is not offered again. */
  get votedElsewhere(): boolean {
    return this.#votedElsewhere;
  }

  /**
   * Loads the vote; an interview without one shows nothing. A failed refresh keeps what is on screen (the page
   * looks again later); a first load that fails shows nothing.
   */
  async load(): Promise<void> {
    try {
      const vote = await fetchVote(this.slug);
      this.#vote = vote;
      this.#mine = vote ? castChoice(vote.id) : undefined;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) this.#vote = null;
    }
  }

  /** Worth looking again: ballots may still come in, or the admin may still close it or pick a topic. */
  get changing(): boolean {
    return this.#vote !== null && (this.#vote.status === 'open' || this.#vote.pickedCandidateId === null);
  }

  /** Sends this browser's ballot. A 409 "already voted" is remembered as voted, for another tab's ballot. */
  async cast(candidateId: number | undefined): Promise<void> {
    const vote = this.#vote;
    if (!vote) return;
    if (candidateId === undefined) {
      this.#error = 'choose';
      return;
    }
    this.#sending = true;
    this.#error = null;
    try {
      await castVote(this.slug, candidateId, voterToken());
      rememberBallot(vote.id, candidateId);
      this.#mine = candidateId;
      await this.load();
    } catch (err) {
      this.#error = errorOf(err);
      if (this.#error === 'already') this.#votedElsewhere = true;
      if (this.#error === 'closed') await this.load();
    } finally {
      this.#sending = false;
    }
  }
}

function errorOf(err: unknown): VoteError {
  if (!(err instanceof ApiError)) return 'generic';
  if (err.kind === 'network') return 'network';
  if (err.status === 429) return 'rate_limited';
  if (err.status === 409) return err.body?.fields?.some((f) => f.field === 'voterToken') ? 'already' : 'closed';
  return 'generic';
}
