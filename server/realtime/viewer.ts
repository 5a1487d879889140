import type { FastifyBaseLogger } from 'fastify';
import type { Namespace, Socket } from 'socket.io';
import { ViewerHandshake, type InterServerEvents, type ViewerClientEvents, type ViewerServerEvents } from '../../shared/events.js';
import { publicChange, publicQuestion } from '../../shared/questionPublic.js';
import type { Domain } from '../domain.js';
import { toCuePublic } from '../captions/mapping.js';
import { toInterviewPublic } from '../interviews/service.js';
import { publicLiveTextChange } from '../livetext/mapping.js';
import { refuseOtherProtocols } from './handshake.js';
import type { ViewerCounter } from './viewerCount.js';

/** What a viewer socket carries: its interview, and whether it is an asker's ticket page only. */
type ViewerData = { interviewId: number; ticketsOnly: boolean };
export type ViewerSocket = Socket<ViewerClientEvents, ViewerServerEvents, InterServerEvents, ViewerData>;
export type ViewerNamespace = Namespace<ViewerClientEvents, ViewerServerEvents, InterServerEvents, ViewerData>;

/** The room of an interview's public audience. */
export const viewerRoom = (interviewId: number) => `i:${interviewId}`;

/**
 * The public side of `/viewer`: anyone with an interview's slug hears its published questions, its public
 * fields and its viewer count. No account, no cookie. The asker's part (我的提问) is in asker.ts.
 */
export function attachViewer(viewer: ViewerNamespace, domain: Domain, counts: ViewerCounter, log: FastifyBaseLogger): void {
  viewer.use(refuseOtherProtocols);
  viewer.use((socket: ViewerSocket, next) => {
    const parsed = ViewerHandshake.safeParse(socket.handshake.auth);
    if (!parsed.success) return next(new Error('validation'));
    domain.interviews.getPublic(parsed.data.interview).then(
      (interview) => {
        socket.data.interviewId = interview.id;
        socket.data.ticketsOnly = parsed.data.ticketsOnly === true;
        next();
      },
      () => next(new Error('not_found')),
    );
  });
  viewer.on('connection', (socket: ViewerSocket) => {
    // The asker's ticket page follows its own question only: no public channel, not a viewer.
    if (socket.data.ticketsOnly) return;
    const room = viewerRoom(socket.data.interviewId);
    if (!socket.recovered) void socket.join(room);
    // The newcomer learns the count now; everyone else with the next batched update.
    socket.emit('viewers', { count: viewer.adapter.rooms.get(room)?.size ?? 1 });
    // The strip on the picture needs the question on air now, not at its next change. A recovered socket
    // was replayed what it missed, so it already knows.
    if (!socket.recovered) {
      domain.questions.onAir(socket.data.interviewId).then(
        (q) => socket.emit('onair', q),
        (err: unknown) => log.error({ err, interviewId: socket.data.interviewId }, 'on-air question for a new viewer failed'),
      );
    }
    counts.touch(socket.data.interviewId);
    // 观看记录 for the statistics: in memory now, on disk with the next batch.
    const session = domain.viewerSessions.opened(socket.data.interviewId, socket.id);
    socket.on('disconnect', () => {
      counts.touch(socket.data.interviewId);
      domain.viewerSessions.closed(session);
    });
    // A recovered socket got what it missed replayed; a new one gets the last cues at once.
    if (!socket.recovered) replayCaptions(socket);
  });

  /**
   * The last final cues of every track and the lines being typed, sent to a newcomer. A cue that changes
   * while they are read reaches the socket live (it joined the room first), so the replay skips it rather
   * than send an older copy after the newer one.
   */
  function replayCaptions(socket: ViewerSocket): void {
    const interviewId = socket.data.interviewId;
    const changed = new Set<number>();
    const pending = replaying.get(interviewId) ?? new Set<Set<number>>();
    replaying.set(interviewId, pending.add(changed));
    domain.captions
      .recentForViewers(interviewId)
      .then(
        (cues) => {
          for (const c of cues) if (!changed.has(c.id)) socket.emit('cue', c);
        },
        (err: unknown) => log.error({ err, interviewId }, 'caption replay failed'),
      )
      .finally(() => {
        pending.delete(changed);
        if (pending.size === 0) replaying.delete(interviewId);
      });
  }
  /** The cue ids that changed during each replay still being read, by interview (one listener for all). */
  const replaying = new Map<number, Set<Set<number>>>();
  const noteChange = ({ interviewId, id }: { interviewId: number; id: number }) => {
    for (const changed of replaying.get(interviewId) ?? []) changed.add(id);
  };

  domain.bus.on('question:changed', ({ before, after }) => {
    try {
      // The same rule as the HTTP list (shared/questionPublic.ts): a staff-only change is no news to viewers.
      const change = publicChange(before, after);
      const room = viewer.to(viewerRoom(after.interviewId));
      if (change?.kind === 'upsert') room.emit('question', change.question);
      else if (change) room.emit('question:removed', { id: change.id });
      // One question is on air at a time, and a replacement arrives as two changes in order (the old one
      // back to the queue, then the new one on air), so following the changes keeps viewers right.
      if (after.status === 'on_air' && change) room.emit('onair', publicQuestion(after));
      else if (before?.status === 'on_air' && after.status !== 'on_air') room.emit('onair', null);
    } catch (err) {
      log.error({ err, questionId: after.id }, 'viewer fan-out failed');
    }
  });
  // The bus is synchronous: fanning a cue out to thousands of sockets inside it would hold the editor's ack
  // (and every request queued behind it) until the last viewer's frame is written — ~0.3 s at 10,000 viewers
  // (bench/RESULTS.md). A tick later the ack goes first; setImmediate keeps the cues in order.
  domain.bus.on('caption:changed', (cue) => {
    noteChange(cue);
    const payload = toCuePublic(cue);
    setImmediate(() => viewer.to(viewerRoom(cue.interviewId)).emit('cue', payload));
  });
  domain.bus.on('caption:removed', (p) => {
    noteChange(p);
    setImmediate(() => viewer.to(viewerRoom(p.interviewId)).emit('cue:removed', { id: p.id }));
  });
  // 图文直播: the same rule as GET …/livetext (livetext/mapping.ts): only published entries are public.
  domain.bus.on('livetext:changed', ({ before, after }) => {
    try {
      const change = publicLiveTextChange(before, after);
      const room = viewer.to(viewerRoom(after.interviewId));
      if (change?.kind === 'upsert') room.emit('livetext', change.entry);
      else if (change) room.emit('livetext:removed', { id: change.id });
    } catch (err) {
      log.error({ err, entryId: after.id }, 'viewer live-text fan-out failed');
    }
  });
  // The record's availability is read per change; one chain keeps the pushes in the order of the changes.
  let pushed = Promise.resolve();
  domain.bus.on('interview:changed', (interview) => {
    pushed = pushed
      .then(async () => {
        const record = await domain.publishedRecords.availability(interview);
        const preview = await domain.previews.publicOf(interview.id);
        viewer.to(viewerRoom(interview.id)).emit('interview', toInterviewPublic(interview, record, preview));
      })
      .catch((err: unknown) => log.error({ err, interviewId: interview.id }, 'viewer interview push failed'));
  });
}
