import { z } from 'zod';
import {
  CaptionTrackPublic,
  CuePublic,
  ErrorBody,
  LiveTextPublic,
  InterviewPublic,
  QuestionPublic,
  QuestionSubmitted,
  RecordPublic,
  SiteInfo,
  Transcript,
  TicketView,
  VoteCastResult,
  VotePublic,
  InterviewWrittenReply,
  type QuestionSubmit,
} from './contract.js';
import { lang } from './i18n.js';

/**
 * The public (cookieless) HTTP API, same origin as the page. Every answer is parsed with the shared
 * zod schema, so a component never holds a field the contract does not promise.
 */

/** Why a request failed: the server said no (`http`), it never answered (`network`), or it answered nonsense. */
export class ApiError extends Error {
  constructor(
    readonly kind: 'http' | 'network' | 'invalid',
    readonly status: number,
    /** The server's error body, when it sent one; its messages are already in the UI language. */
    readonly body: ErrorBody | null,
  ) {
    super(body?.message ?? `${kind} ${status}`);
    this.name = 'ApiError';
  }
}

// Long enough for a slow mobile network, short enough that the asker is not left staring at a spinner.
const TIMEOUT_MS = 20_000;

type RequestOptions = { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string };

async function request<S extends z.ZodType>(path: string, schema: S, init: RequestOptions = {}): Promise<z.infer<S>> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      // The server localises error messages by Accept-Language; send the UI's language, not the browser's.
      headers: { accept: 'application/json', 'accept-language': lang, ...init.headers },
      // The netizen flow needs no cookies; never send any, even if the origin has some.
      credentials: 'omit',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new ApiError('network', 0, null);
  }
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const body = ErrorBody.safeParse(payload);
    throw new ApiError('http', response.status, body.success ? body.data : null);
  }
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new ApiError('invalid', response.status, null);
  return parsed.data;
}

/** The site's own settings: the clock every time is shown on. */
export function fetchSite(): Promise<SiteInfo> {
  return request('/api/site', SiteInfo);
}

const slugPath = (slug: string) => `/api/interviews/${encodeURIComponent(slug)}`;

/** One interview's public fields. */
export function fetchInterview(slug: string): Promise<InterviewPublic> {
  return request(slugPath(slug), InterviewPublic);
}

/** The interview's published questions. */
export function fetchQuestions(slug: string): Promise<QuestionPublic[]> {
  return request(`${slugPath(slug)}/questions`, z.array(QuestionPublic));
}

/** Sends a netizen's question; the answer carries the private ticket (回执). */
export function submitQuestion(slug: string, body: QuestionSubmit): Promise<QuestionSubmitted> {
  return request(`${slugPath(slug)}/questions`, QuestionSubmitted, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** What the asker may see of their own question. */
export function fetchTicket(ticket: string): Promise<TicketView> {
  return request(`/api/questions/by-ticket/${encodeURIComponent(ticket)}`, TicketView);
}

/** The final cues of one caption track (the transcript so far, or all of it after the broadcast). */
export function fetchCaptions(slug: string, track: string): Promise<CuePublic[]> {
  return request(`${slugPath(slug)}/captions?track=${encodeURIComponent(track)}`, z.array(CuePublic));
}

/** The interview's caption tracks (简体中文 first, then any others). */
export function fetchCaptionTracks(slug: string): Promise<CaptionTrackPublic[]> {
  return request(`${slugPath(slug)}/captions/tracks`, z.array(CaptionTrackPublic));
}

/** The published live-text entries (图文直播). */
export function fetchLiveText(slug: string): Promise<LiveTextPublic[]> {
  return request(`${slugPath(slug)}/livetext`, z.array(LiveTextPublic));
}

/** The published record (视频回放): the video, subtitle tracks, chapters and transcript, as URLs. */
export function fetchRecord(slug: string): Promise<RecordPublic> {
  return request(`${slugPath(slug)}/record`, RecordPublic);
}

/** The published transcript (文字实录) as blocks, from the record's `transcript.json` URL. */
export function fetchTranscript(url: string): Promise<Transcript> {
  return request(url, Transcript);
}

/** The interview's topic vote (选题投票); 404 (ApiError) when it has none. */
export function fetchVote(slug: string): Promise<VotePublic | null> {
  return request(`${slugPath(slug)}/vote`, VotePublic.nullable());
}

/** Casts this browser's ballot; 409 when it already voted or the vote is closed. */
export function castVote(slug: string, candidateId: number, voterToken: string): Promise<VoteCastResult> {
  return request(`${slugPath(slug)}/vote`, VoteCastResult, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ candidateId, voterToken }),
  });
}

/** The interview's published written replies (书面答复), oldest question first. */
export function fetchWrittenReplies(slug: string): Promise<InterviewWrittenReply[]> {
  return request(`${slugPath(slug)}/written-replies`, z.array(InterviewWrittenReply));
}
