import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../shared/errors.js';
import { RECORD_EDITORS, RECORD_PUBLISHERS, type Role } from '../../shared/roles.js';
import { RecordProgramStaff } from '../../shared/schemas/record.js';
import { requireStaff } from '../auth/plugin.js';
import type { Config } from '../config.js';
import { recordingDir, type Domain } from '../domain.js';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
/** Who works with the record afterwards: the editors, and the admin who reviews it before publishing. */
const RECORD_STAFF: readonly Role[] = [...new Set([...RECORD_EDITORS, ...RECORD_PUBLISHERS])];

/**
 * The composed program of an interview (视频实录) for staff: its state, a re-composition on request, and the
 * untrimmed MP4 itself with range requests (the editor's player seeks in it). Never public: the published,
 * trimmed copy is served elsewhere.
 */
export function recordProgramRoutes(domain: Domain, config: Config): FastifyPluginAsyncZod {
  const staff = (roles: readonly Role[]) => requireStaff(domain.sessions, roles);
  return async (app) => {
    // Only for reply.sendFile (ranges, ETag, HEAD); nothing under RECORDING_DIR is served by path.
    await app.register(fastifyStatic, { root: recordingDir(config), serve: false });

    app.get(
      '/api/studio/interviews/:id/record',
      {
        schema: {
          tags: ['studio'],
          description: "The interview's composed program: composing, ready (with the staff video URL, duration, size) or failed (with why). 404 before any composition.",
          params: IdParams,
          response: { 200: RecordProgramStaff, ...errors },
        },
        preHandler: staff(RECORD_STAFF),
      },
      async (req) => domain.programs.status(req.params.id),
    );
    app.post(
      '/api/studio/interviews/:id/record/compose',
      {
        schema: {
          tags: ['studio'],
          description: '(Re)compose the program from the capture, in the background: 202 with state composing. 409 while the interview is live or its recording still runs, when nothing was recorded, or while it is being composed.',
          params: IdParams,
          response: { 202: RecordProgramStaff, ...errors },
        },
        preHandler: staff(RECORD_EDITORS),
      },
      async (req, reply) => reply.code(202).send(await domain.programs.request(req.params.id)),
    );
    app.get(
      '/api/studio/interviews/:id/record/program.mp4',
      {
        schema: { tags: ['studio'], description: 'The composed program (H.264/AAC MP4, untrimmed), answering range requests; staff only.', params: IdParams },
        preHandler: staff(RECORD_STAFF),
      },
      async (req, reply) => {
        const { root, file } = await domain.programs.programFile(req.params.id);
        // Staff only, and re-composed in place: never in a shared cache (the URL carries the version).
        reply.header('cache-control', 'private, max-age=0, must-revalidate');
        return reply.type('video/mp4').sendFile(file, root, { cacheControl: false });
      },
    );
  };
}
