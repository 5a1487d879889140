import { ApiError, fetchCaptions, fetchCaptionTracks, fetchInterview, fetchLiveText, fetchQuestions } from './api.js';
import { connectViewer } from './socket.js';
import type { Captions } from '../state/captions.svelte.js';
import type { LiveTextFeed } from '../state/liveText.svelte.js';
import type { InterviewRoom } from '../state/interviewRoom.svelte.js';
import type { MyQuestions } from '../state/myQuestions.svelte.js';

export interface InterviewSession {
  /** Fetches a fresh snapshot (the retry button, and after a reconnection). */
  reload(): Promise<void>;
  /** Reads the interview's public fields again, quietly (e.g. whether its record is published yet). */
  refreshInterview(): void;
  /** Reads a caption track's whole transcript (the one the viewer just chose, or after a reconnection). */
  loadTranscript(track: string): void;
  /** Remembers a question the netizen just asked and follows it live (我的提问). */
  asked(entry: { ticket: string; id: number; content: string }): void;
  stop(): void;
}

/**
 * Wires one interview page to the server: the HTTP snapshot, then the live `/viewer` events, and a
 * fresh snapshot after a reconnection the server could not replay. The asker's own questions are
 * followed on the same socket, so their changes arrive as they happen.
 */
export function startInterviewSession(
  slug: string,
  room: InterviewRoom,
  mine: MyQuestions,
  text: { captions: Captions; liveText: LiveTextFeed },
): InterviewSession {
  let stopped = false;

  // The text layer is a bonus to the page: if it cannot be read, the video and the questions still work.
  function loadTranscript(track: string): void {
    fetchCaptions(slug, track).then(
      (cues) => !stopped && text.captions.loaded(cues),
      (err: unknown) => console.warn('fangtan: the transcript could not be loaded', err),
    );
  }

  function loadTracks(): void {
    fetchCaptionTracks(slug).then(
      (tracks) => !stopped && text.captions.setTracks(tracks),
      (err: unknown) => console.warn('fangtan: the caption tracks could not be loaded', err),
    );
  }

  function loadTextLayer(): void {
    loadTracks();
    loadTranscript(text.captions.track);
    fetchLiveText(slug).then(
      (entries) => !stopped && text.liveText.loaded(entries),
      (err: unknown) => console.warn('fangtan: the live text could not be loaded', err),
    );
  }

  async function reload(): Promise<void> {
    room.beginLoad();
    try {
      const [interview, questions] = await Promise.all([fetchInterview(slug), fetchQuestions(slug)]);
      if (!stopped) room.loaded(interview, questions);
    } catch (error) {
      if (stopped) return;
      room.failed(error instanceof ApiError && error.status === 404 ? 'not_found' : 'failed');
    }
  }

  const connection = connectViewer(slug, {
    question: (q) => room.upsert(q),
    removed: (id) => room.remove(id),
    interview: (i) => room.setInterview(i),
    viewers: (count) => room.setViewers(count),
    cue: (c) => {
      // A track added during the broadcast: its label (e.g. English) comes with the track list.
      if (!text.captions.listsTrack(c.track) && !text.captions.tracks.some((t) => t.lang === c.track)) loadTracks();
      text.captions.upsert(c);
    },
    cueRemoved: (id) => text.captions.remove(id),
    liveText: (e) => text.liveText.upsert(e),
    liveTextRemoved: (id) => text.liveText.remove(id),
    onAir: (q) => room.setOnAirQuestion(q),
    mine: (view) => mine.apply(view),
    refused: (ticket) => mine.refused(ticket),
    online: (missedEvents) => {
      room.setOnline(true);
      mine.setLive(true);
      if (missedEvents) {
        void reload();
        loadTextLayer();
      }
    },
    offline: () => {
      room.setOnline(false);
      mine.setLive(false);
    },
    outdated: () => room.setOutdated(),
  });
  connection.follow(mine.tickets);
  void reload();
  loadTextLayer();

  return {
    reload,
    refreshInterview() {
      fetchInterview(slug).then(
        (interview) => !stopped && room.setInterview(interview),
        (err: unknown) => console.warn('fangtan: the interview could not be read again', err),
      );
    },
    loadTranscript,
    asked(entry) {
      connection.follow([mine.add(entry)]);
    },
    stop() {
      stopped = true;
      connection.close();
      mine.stop();
    },
  };
}
