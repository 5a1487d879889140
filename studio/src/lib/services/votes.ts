import { VoteStaff, type VoteOpen } from '../../../../shared/schemas/vote.js';
import { request } from '../api.js';

/** 选题投票 for the studio: open, watch the count, show it publicly, close, pick the topic. */
export const votesService = {
  get: (interviewId: number) => request('GET', `/api/studio/interviews/${interviewId}/vote`, VoteStaff.nullable()),
  open: (interviewId: number, body: VoteOpen) => request('POST', `/api/studio/interviews/${interviewId}/vote`, VoteStaff, body),
  setResultsPublic: (voteId: number, resultsPublic: boolean) => request('PATCH', `/api/studio/votes/${voteId}`, VoteStaff, { resultsPublic }),
  close: (voteId: number) => request('POST', `/api/studio/votes/${voteId}/close`, VoteStaff),
  pick: (voteId: number, candidateId: number) => request('POST', `/api/studio/votes/${voteId}/pick`, VoteStaff, { candidateId }),
};
