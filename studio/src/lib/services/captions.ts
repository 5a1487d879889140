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
  /** The interview's tracks as viewers see them (public). */
  tracks: (slug: string) => request('GET', `/api/interviews/${encodeURIComponent(slug)}/captions/tracks`, z.array(CaptionTrackPublic)),
  /** Adds a track (e.g. English); answers with the interview's tracks. */
  addTrack: (interviewId: number, body: CaptionTrackAdd) =>
    request('POST', `/api/studio/interviews/${interviewId}/captions/tracks`, z.array(CaptionTrackPublic), body),
  tokens: (interviewId: number) => request('GET', `/api/studio/interviews/${interviewId}/captions/tokens`, z.array(CaptionToken)),
  createToken: (interviewId: number, body: CaptionTokenCreate) =>
    request('POST', `/api/studio/interviews/${interviewId}/captions/tokens`, CaptionTokenCreated, body),
  revokeToken: (id: number) => request('DELETE', `/api/studio/captions/tokens/${id}`, CaptionToken),
};
