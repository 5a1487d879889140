import type { VoteCandidateResult, VoteStatus } from '../../shared/schemas/vote.js';

/** Whether a vote takes ballots at `now`: open, and its closing time (if any) not reached. */
export function isOpenAt(status: string, closesAt: string | null, now: Date): boolean {
  return status === 'open' && (closesAt === null || Date.parse(closesAt) > now.getTime());
}

/** The status people see: a vote past its closing time is closed, whether or not anyone closed it. */
export function effectiveStatus(status: string, closesAt: string | null, now: Date): VoteStatus {
  return isOpenAt(status, closesAt, now) ? 'open' : 'closed';
}

/** The candidates in their order with their ballot counts (a candidate without ballots has 0). */
export function tally(
  candidates: ReadonlyArray<{ id: number; topic: string }>,
  counts: ReadonlyArray<{ candidate_id: number; n: number }>,
): { candidates: Required<VoteCandidateResult>[]; total: number } {
  const by = new Map(counts.map((c) => [c.candidate_id, Number(c.n)]));
  const rows = candidates.map((c) => ({ id: c.id, topic: c.topic, votes: by.get(c.id) ?? 0 }));
  return { candidates: rows, total: rows.reduce((s, c) => s + c.votes, 0) };
}
