import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../shared/errors.js';
import { RECORD_EDITORS, RECORD_OPERATORS } from '../../shared/roles.js';
import { RecordingSettings, RecordingStatus } from '../../shared/schemas/recording.js';
import { actorOf, requireStaff } from '../auth/plugin.js';
import type { Domain } from '../domain.js';
import type { RecordingService } from '../recording/service.js';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
/** Who sees the figures: those who switch it, and the editors who will work on the record. */
const RECORDING_READERS = [...new Set([...RECORD_OPERATORS, ...RECORD_EDITORS])];

/** The recording of a broadcast (录制): status, start, stop, and the "record when live" switch. */
export function recordingRoutes(domain: Domain, recording: RecordingService): FastifyPluginAsyncZod {
  const staff = (roles: typeof RECORD_OPERATORS) => requireStaff(domain.sessions, roles);
  return async (app) => {
    const base = '/api/studio/interviews/:id/recording';
    app.get(
      base,
      { schema: { tags: ['studio'], params: IdParams, response: { 200: RecordingStatus, ...errors } }, preHandler: staff(RECORDING_READERS) },
      async (req) => {
        await domain.interviews.getById(req.params.id);
        return recording.status(req.params.id);
      },
    );
    app.post(
      `${base}/start`,
      {
        schema: {
          tags: ['studio'],
          description: 'Starts recording: 409 when the interview is not live or the disk has too little free space.',
          params: IdParams,
          response: { 200: RecordingStatus, ...errors },
        },
        preHandler: staff(RECORD_OPERATORS),
      },
      async (req) => recording.start(req.params.id, actorOf(req)),
    );
    app.post(
      `${base}/stop`,
      { schema: { tags: ['studio'], params: IdParams, response: { 200: RecordingStatus, ...errors } }, preHandler: staff(RECORD_OPERATORS) },
      async (req) => recording.stop(req.params.id, actorOf(req)),
    );
    app.put(
      `${base}/settings`,
      {
        schema: { tags: ['studio'], description: 'Whether recording starts by itself when the broadcast goes live.', params: IdParams, body: RecordingSettings, response: { 200: RecordingStatus, ...errors } },
        preHandler: staff(RECORD_OPERATORS),
      },
      async (req) => recording.setWhenLive(req.params.id, req.body.whenLive, actorOf(req)),
    );
  };
}
