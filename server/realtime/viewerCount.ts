import { studioRooms, type StudioNamespace } from './studio.js';
import { viewerRoom, type ViewerNamespace } from './viewer.js';

/** Viewer counts go out at most this often: with thousands joining, a count per join would flood. */
const VIEWER_COUNT_INTERVAL_MS = 2000;

export interface ViewerCounter {
  /** This interview's audience changed: its count goes out with the next batch. */
  touch(interviewId: number): void;
  stop(): void;
}

/** Batches viewer-count updates per interview into one emit per interval, to its viewers and its staff. */
export function viewerCounter(viewer: ViewerNamespace, studio: StudioNamespace): ViewerCounter {
  const dirty = new Set<number>();
  const timer = setInterval(() => {
    for (const interviewId of dirty) {
      const count = viewer.adapter.rooms.get(viewerRoom(interviewId))?.size ?? 0;
      viewer.to(viewerRoom(interviewId)).emit('viewers', { count });
      studio.to(studioRooms(interviewId)).emit('viewers', { interviewId, count });
    }
    dirty.clear();
  }, VIEWER_COUNT_INTERVAL_MS);
  timer.unref();
  return {
    touch: (interviewId) => void dirty.add(interviewId),
    stop: () => clearInterval(timer),
  };
}
