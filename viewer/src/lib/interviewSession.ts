import { ApiError, fetchInterview, fetchQuestions } from './api.js';
import { connectViewer } from './socket.js';
import type { InterviewRoom } from '../state/interviewRoom.svelte.js';
import type { MyQuestions } from '../state/myQuestions.svelte.js';

export interface InterviewSession {
  /** Fetches a fresh snapshot (the retry button, and after a reconnection). */
  reload(): Promise<void>;
  stop(): void;
}

/**
 * Wires one interview page to the server: the HTTP snapshot, then the live `/viewer` events, and a
 * fresh snapshot after every reconnection because events sent while offline are not replayed.
 */
export function startInterviewSession(slug: string, room: InterviewRoom, mine: MyQuestions): InterviewSession {
  let stopped = false;

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

  const disconnect = connectViewer(slug, {
    question: (q) => {
      room.upsert(q);
      mine.changed(q.id);
    },
    removed: (id) => {
      room.remove(id);
      mine.changed(id);
    },
    interview: (i) => room.setInterview(i),
    viewers: (count) => room.setViewers(count),
    online: (missedEvents) => {
      room.setOnline(true);
      if (missedEvents) {
        void reload();
        mine.refreshAll();
      }
    },
    offline: () => room.setOnline(false),
    outdated: () => room.setOutdated(),
  });
  void reload();

  return {
    reload,
    stop() {
      stopped = true;
      disconnect();
    },
  };
}
