import { z } from 'zod';
import {
  CaptionToken,
  CaptionTokenCreated,
  CaptionTrackPublic,
  type CaptionTokenCreate,
  type CaptionTrackAdd,
} from '../../../../shared/schemas/caption.js';
import { request } from '../api.js';

/** Caption tracks and outside captioners' ingest tokens; the typing itself goes over the `/captions` socket. */
export const captionsService = {
  tracks: (interviewId: number) => request('GET', `/api/studio/interviews/${interviewId}/captions/tracks`, z.array(CaptionTrackPublic)),
  /** Adds a track (e.g. English); 409 `conflict` on `lang` when the interview has it already. */
  addTrack: (interviewId: number, body: CaptionTrackAdd) =>
    request('POST', `/api/studio/interviews/${interviewId}/captions/tracks`, CaptionTrackPublic, body),
  tokens: (interviewId: number) => request('GET', `/api/studio/interviews/${interviewId}/captions/tokens`, z.array(CaptionToken)),
  /** The answer is the only time the token's secret (in its ingest path) is shown. */
  createToken: (interviewId: number, body: CaptionTokenCreate) =>
    request('POST', `/api/studio/interviews/${interviewId}/captions/tokens`, CaptionTokenCreated, body),
  revokeToken: (interviewId: number, id: number) =>
    request('POST', `/api/studio/interviews/${interviewId}/captions/tokens/${id}/revoke`, CaptionToken),
};
