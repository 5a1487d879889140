import { ApiError, fetchInterview, fetchQuestions } from './api.js';
import { connectViewer } from './socket.js';
import type { InterviewRoom } from '../state/interviewRoom.svelte.js';
import type { MyQuestions } from '../state/myQuestions.svelte.js';

export interface InterviewSession {
  /** Fetches a fresh snapshot (the retry button, and after a reconnection). */
  reload(): Promise<void>;
  /** Remembers a question the netizen just asked and follows it live (我的提问). */
  asked(entry: { ticket: string; id: number; content: string }): void;
  stop(): void;
}

/**
 * Wires one interview page to the server: the HTTP snapshot, then the live `/viewer` events, and a
 * fresh snapshot after a reconnection the server could not replay. The asker's own questions are
 * followed on the same socket, so their changes arrive as they happen.
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

  const connection = connectViewer(slug, {
    question: (q) => room.upsert(q),
    removed: (id) => room.remove(id),
    interview: (i) => room.setInterview(i),
    viewers: (count) => room.setViewers(count),
    mine: (view) => mine.apply(view),
    refused: (ticket) => mine.refused(ticket),
    online: (missedEvents) => {
      room.setOnline(true);
      mine.setLive(true);
      if (missedEvents) void reload();
    },
    offline: () => {
      room.setOnline(false);
      mine.setLive(false);
    },
    outdated: () => room.setOutdated(),
  });
  connection.follow(mine.tickets);
  void reload();

  return {
    reload,
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
