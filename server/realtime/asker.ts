import type { FastifyBaseLogger } from 'fastify';
import { FOLLOW_MAX_TICKETS, ViewerFollow } from '../../shared/events.js';
import type { Domain } from '../domain.js';
import { DomainError } from '../http/errors.js';
import { ackHandler } from './ack.js';
import { handshakeLang } from './handshake.js';
import type { ViewerNamespace, ViewerSocket } from './viewer.js';

const ASKER_ROOM_PREFIX = 'a:';
/**
 * The sockets of whoever proved they hold a question's ticket. Named by the question's id, which is
 * public anyway: the ticket is a secret and never names a room or reaches a log.
 */
const askerRoom = (questionId: number) => `${ASKER_ROOM_PREFIX}${questionId}`;

/**
 * The asker's side of `/viewer` (我的提问): a socket follows its own questions by ticket and hears each
 * change of them, and of the questions they were merged with, as it commits. Rooms survive a brief
 * reconnect (connection-state recovery), so what changed meanwhile is replayed.
 */
export function attachAskerChannel(viewer: ViewerNamespace, domain: Domain, log: FastifyBaseLogger): void {
  viewer.on('connection', (socket: ViewerSocket) => {
    const options = {
      lang: () => handshakeLang(socket),
      logFailure: (err: unknown) => log.error({ err, interviewId: socket.data.interviewId }, 'follow failed'),
    };
    socket.on(
      'follow',
      ackHandler(
        ViewerFollow,
        async ({ tickets }) => {
          const ids = await domain.askers.questionIds(tickets, socket.data.interviewId);
          const fresh = [...new Set(ids.flatMap((id) => (id === null ? [] : [askerRoom(id)])))].filter((r) => !socket.rooms.has(r));
          const held = [...socket.rooms].filter((r) => r.startsWith(ASKER_ROOM_PREFIX)).length;
          if (held + fresh.length > FOLLOW_MAX_TICKETS) throw new DomainError('rate_limited', 'tickets');
          // Join before reading: a change that commits in between is then pushed, not lost.
          for (const room of fresh) void socket.join(room);
          const views = new Map((await domain.askers.byIds(ids.filter((id) => id !== null))).map((v) => [v.id, v]));
          return ids.map((id) => (id === null ? null : (views.get(id) ?? null)));
        },
        options,
      ),
    );
  });

  // One push after another: each view is read after the change it follows, so an older view of a
  // question never overtakes a newer one on its way out.
  let pushes = Promise.resolve();
  domain.bus.on('question:changed', (change) => {
    // A question just submitted has no follower yet: its ticket is still on its way to the asker. Intake
    // must not pay three more queries per submission for nobody (measured: bench/RESULTS.md intake).
    if (!change.before) return;
    pushes = pushes
      .then(async () => {
        for (const view of await domain.askers.byIds(await domain.askers.affectedIds(change))) viewer.to(askerRoom(view.id)).emit('question:mine', view);
      })
      .catch((err: unknown) => log.error({ err, questionId: change.after.id }, 'asker push failed'));
  });
  // A written reply published (书面答复) changes what the asker's ticket shows, not the question itself.
  domain.bus.on('reply:published', ({ questionId }) => {
    pushes = pushes
      .then(async () => {
        for (const view of await domain.askers.byIds(await domain.askers.replyFollowers(questionId))) viewer.to(askerRoom(view.id)).emit('question:mine', view);
      })
      .catch((err: unknown) => log.error({ err, questionId }, 'asker push failed'));
  });
}
