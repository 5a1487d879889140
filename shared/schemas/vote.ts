import { z } from 'zod';

/**
 * 选题投票: before an interview (typically two weeks ahead) the admin lets netizens choose its topic among at
 * least three candidates. One ballot per browser (a voter token the viewer keeps), no account; the admin
 * sees the count live, may show it publicly, closes the vote and picks the topic.
 */

export const VOTE_MIN_CANDIDATES = 3;
export const VOTE_MAX_CANDIDATES = 10;

export const VOTE_STATUSES = ['open', 'closed'] as const;
export const VoteStatus = z.enum(VOTE_STATUSES);
export type VoteStatus = z.infer<typeof VoteStatus>;

const IsoDateTime = z.iso.datetime({ offset: true });

/** What the admin sends to open a vote. */
export const VoteOpen = z.object({
  candidates: z
    .array(z.string().trim().min(1).max(200))
    .min(VOTE_MIN_CANDIDATES, `at least ${VOTE_MIN_CANDIDATES} candidate topics`)
    .max(VOTE_MAX_CANDIDATES)
    .refine((c) => new Set(c).size === c.length, 'candidate topics must differ'),
  /** When the vote closes by itself; without it the admin closes it. */
  closesAt: IsoDateTime.optional(),
});
export type VoteOpen = z.infer<typeof VoteOpen>;

/** What the admin may change while a vote runs: whether the public sees the count. */
export const VoteUpdate = z.object({ resultsPublic: z.boolean() });
export type VoteUpdate = z.infer<typeof VoteUpdate>;

export const VotePick = z.object({ candidateId: z.number().int().positive() });
export type VotePick = z.infer<typeof VotePick>;

/** A netizen's ballot. The token is the browser's own (kept in its storage), sent with each ballot. */
export const VoteCast = z.object({
  candidateId: z.number().int().positive(),
  voterToken: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'a voter token of 16–64 letters, digits, _ or -'),
});
export type VoteCast = z.infer<typeof VoteCast>;

export const VoteCandidateResult = z.object({
  id: z.number().int(),
  topic: z.string(),
  /** Ballots for it; absent in the public view until the admin shows the results. */
  votes: z.number().int().optional(),
});
export type VoteCandidateResult = z.infer<typeof VoteCandidateResult>;

/** A vote as the public sees it: the candidates, and the count only when the admin made it public. */
export const VotePublic = z.object({
  id: z.number().int(),
  status: VoteStatus,
  closesAt: z.string().nullable(),
  resultsPublic: z.boolean(),
  candidates: z.array(VoteCandidateResult),
  /** Ballots in all; null while the results are not public. */
  total: z.number().int().nullable(),
  /** The topic the admin picked, once picked. */
  pickedCandidateId: z.number().int().nullable(),
});
export type VotePublic = z.infer<typeof VotePublic>;

/** A vote as the admin sees it: always with the count. */
export const VoteStaff = VotePublic.extend({
  interviewId: z.number().int(),
  total: z.number().int(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
});
export type VoteStaff = z.infer<typeof VoteStaff>;

export const VoteCastResult = z.object({ candidateId: z.number().int(), castAt: z.string() });
export type VoteCastResult = z.infer<typeof VoteCastResult>;
