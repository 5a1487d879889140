import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../shared/errors.js';
import { RECORD_EDITORS, RECORD_PUBLISHERS } from '../../shared/roles.js';
import { Chapter } from '../../shared/schemas/record.js';
import { TranscriptEdit, TranscriptStaff } from '../../shared/schemas/recordPublish.js';
import { actorOf, requireStaff } from '../auth/plugin.js';
import type { Domain } from '../domain.js';
import { transcriptDocx, transcriptHtml, transcriptText } from '../record/transcript-export.js';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
/** The admin reviews what the editors wrote; both read it. */
const READERS = [...new Set([...RECORD_EDITORS, ...RECORD_PUBLISHERS])];
/** A two-hour 文字实录 is some 100 KB of JSON; the app's 64 KiB default would refuse it. */
const TRANSCRIPT_BODY_LIMIT = 2 * 1024 * 1024;

/** The download's file name, in both forms so browsers keep the Chinese title (RFC 6266). */
function attachment(title: string, ext: string): string {
  const name = `${title || 'transcript'}-文字实录.${ext}`;
  return `attachment; filename="transcript.${ext}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** 文字实录 and chapters for the studio: read, edit, assemble again, export. Routes only call `recordTranscripts`. */
export function recordTranscriptRoutes(domain: Domain): FastifyPluginAsyncZod {
  const svc = domain.recordTranscripts;
  return async (app) => {
    app.get(
      '/api/studio/interviews/:id/record/transcript',
      {
        schema: { tags: ['studio'], description: 'The 文字实录 as a document (block times in program time); assembled from the captions, questions on air and live text the first time.', params: IdParams, response: { 200: TranscriptStaff, ...errors } },
        preHandler: requireStaff(domain.sessions, READERS),
      },
      async (req) => svc.get(req.params.id),
    );
    app.put(
      '/api/studio/interviews/:id/record/transcript',
      {
        schema: { tags: ['studio'], description: "Save an editor's version of the 文字实录 (audited).", params: IdParams, body: TranscriptEdit, response: { 200: TranscriptStaff, ...errors } },
        preHandler: requireStaff(domain.sessions, RECORD_EDITORS),
        bodyLimit: TRANSCRIPT_BODY_LIMIT,
      },
      async (req) => svc.save(req.params.id, req.body, actorOf(req)),
    );
    app.post(
      '/api/studio/interviews/:id/record/transcript/regenerate',
      {
        schema: { tags: ['studio'], description: 'Assemble the 文字实录 again from the live record, replacing the edits (audited).', params: IdParams, response: { 200: TranscriptStaff, ...errors } },
        preHandler: requireStaff(domain.sessions, RECORD_EDITORS),
      },
      async (req) => svc.regenerate(req.params.id, actorOf(req)),
    );
    app.get(
      '/api/studio/interviews/:id/record/transcript.:format',
      {
        schema: { tags: ['studio'], description: 'Download the 文字实录 as HTML, plain text or Word (times in program time).', params: IdParams.extend({ format: z.enum(['html', 'txt', 'docx']) }) },
        preHandler: requireStaff(domain.sessions, READERS),
      },
      async (req, reply) => {
        const { transcript } = await svc.get(req.params.id);
        void reply.header('content-disposition', attachment(transcript.title, req.params.format)).header('cache-control', 'no-store');
        if (req.params.format === 'html') return reply.type('text/html; charset=utf-8').send(transcriptHtml(transcript));
        if (req.params.format === 'txt') return reply.type('text/plain; charset=utf-8').send(transcriptText(transcript));
        return reply.type('application/vnd.openxmlformats-officedocument.wordprocessingml.document').send(await transcriptDocx(transcript));
      },
    );
    app.get(
      '/api/studio/interviews/:id/record/chapters',
      {
        schema: { tags: ['studio'], description: 'The chapters in program time: one per question put on air, named by its public wording.', params: IdParams, response: { 200: z.array(Chapter), ...errors } },
        preHandler: requireStaff(domain.sessions, READERS),
      },
      async (req) => svc.chapters(req.params.id),
    );
  };
}
