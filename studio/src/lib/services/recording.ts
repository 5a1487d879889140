import { RecordingStatus } from '../../../../shared/schemas/recording.js';
import { request } from '../api.js';

/** The broadcast's recording (录制): status, start, stop, and whether it starts by itself when going live. */
export const recordingService = {
  status: (interviewId: number) => request('GET', `/api/studio/interviews/${interviewId}/recording`, RecordingStatus),
  start: (interviewId: number) => request('POST', `/api/studio/interviews/${interviewId}/recording/start`, RecordingStatus),
  stop: (interviewId: number) => request('POST', `/api/studio/interviews/${interviewId}/recording/stop`, RecordingStatus),
  setWhenLive: (interviewId: number, whenLive: boolean) =>
    request('PUT', `/api/studio/interviews/${interviewId}/recording/settings`, RecordingStatus, { whenLive }),
};

/** "1:02:03" or "2:03" for a recorded length. */
export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(h ? 2 : 1, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** Bytes as MB below a gigabyte, GB above, one decimal. */
export function formatSize(bytes: number): string {
  return bytes < 1024 ** 3 ? `${(bytes / 1024 ** 2).toFixed(1)} MB` : `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}
