import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../shared/errors.js';
import { RECORD_EDITORS } from '../../shared/roles.js';
import {
  RecordCueAdd,
  RecordCuePatch,
  RecordCueSplit,
  RecordPeaks,
  RecordShift,
  RecordSubtitleImport,
  RecordSubtitleTrack,
  RecordSubtitleTrackInfo,
  RecordTrackParam,
  RecordTrim,
  RecordTrimSet,
  SubtitleFormat,
} from '../../shared/schemas/record-subtitles.js';
import { actorOf, requireStaff } from '../auth/plugin.js';
import type { Domain } from '../domain.js';
import { DomainError } from '../http/errors.js';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const TrackParams = IdParams.extend({ track: RecordTrackParam });
/** A cue id; negative ids name the cues still derived from the live captions, as the editor was shown them. */
const CueParams = TrackParams.extend({ cueId: z.coerce.number().int() });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
/** A subtitle file of a two-hour interview is a few hundred KiB; 2 MiB of text leaves room, JSON-quoted. */
const IMPORT_BODY_LIMIT = 5 * 1024 * 1024;

/** The record's in and out points, the replay subtitles (edit, import, export) and the waveform (RECORD_EDITORS). */
export function recordSubtitleRoutes(domain: Domain): FastifyPluginAsyncZod {
  const subs = domain.recordSubtitles;
  return async (app) => {
    const editors = { preHandler: requireStaff(domain.sessions, RECORD_EDITORS) };
    // The interview as this staff member may see it (not_found otherwise), then its id.
    const idOf = async (id: number, req: Parameters<typeof actorOf>[0]) => {
      const user = req.staff?.user;
      if (!user) throw new DomainError('unauthorized');
      return (await domain.interviews.getById(id, { role: user.role, unitId: user.unitId })).id;
    };
    const base = '/api/studio/interviews/:id/record';

    app.get(`${base}/trim`, { ...editors, schema: { tags: ['studio'], description: 'The in and out points (program ms); 409 before the program is composed.', params: IdParams, response: { 200: RecordTrim, ...errors } } }, async (req) =>
      subs.trim(await idOf(req.params.id, req)),
    );
    app.put(
      `${base}/trim`,
      {
        ...editors,
        schema: { tags: ['studio'], description: 'Sets the in and out points (outMs null: the end); 400 when out ≤ in or beyond the program. Audited.', params: IdParams, body: RecordTrimSet, response: { 200: RecordTrim, ...errors } },
      },
      async (req) => subs.trims.set(await idOf(req.params.id, req), req.body, actorOf(req)),
    );
    app.get(`${base}/peaks`, { ...editors, schema: { tags: ['studio'], description: 'The program audio’s waveform (50 peaks a second, 0–255).', params: IdParams, response: { 200: RecordPeaks, ...errors } } }, async (req) =>
      domain.recordPeaks.get(await idOf(req.params.id, req)),
    );

    app.get(`${base}/subtitles`, { ...editors, schema: { tags: ['studio'], params: IdParams, response: { 200: z.array(RecordSubtitleTrackInfo), ...errors } } }, async (req) =>
      subs.subtitleTracks(await idOf(req.params.id, req)),
    );
    app.get(
      `${base}/subtitles/:track`,
      { ...editors, schema: { tags: ['studio'], description: 'A track’s replay cues in program time (negative ids: still the live captions).', params: TrackParams, response: { 200: RecordSubtitleTrack, ...errors } } },
      async (req) => subs.track(await idOf(req.params.id, req), req.params.track),
    );
    app.get(
      `${base}/subtitles/:track/export`,
      {
        ...editors,
        schema: {
          tags: ['studio'],
          description: 'The track as WebVTT or SRT, on the published video (trim applied) or on the program.',
          params: TrackParams,
          querystring: z.object({ format: SubtitleFormat.default('vtt'), timeline: z.enum(['trimmed', 'program']).default('trimmed') }),
          response: { 200: z.string(), ...errors },
        },
      },
      async (req, reply) => {
        const id = await idOf(req.params.id, req);
        const { format, timeline } = req.query;
        const opts = { trimmed: timeline === 'trimmed' };
        const file = format === 'vtt' ? await subs.exportVtt(id, req.params.track, opts) : await subs.exportSrt(id, req.params.track, opts);
        return reply
          .type(format === 'vtt' ? 'text/vtt; charset=utf-8' : 'application/x-subrip; charset=utf-8')
          .header('content-disposition', `attachment; filename="interview-${id}-${req.params.track}.${format}"`)
          .send(file);
      },
    );

    const track = { tags: ['studio'], response: { 200: RecordSubtitleTrack, ...errors } };
    app.post(`${base}/subtitles/:track/cues`, { ...editors, schema: { ...track, params: TrackParams, body: RecordCueAdd } }, async (req) =>
      subs.edit.add(await idOf(req.params.id, req), req.params.track, req.body, actorOf(req)),
    );
    app.patch(`${base}/subtitles/:track/cues/:cueId`, { ...editors, schema: { ...track, params: CueParams, body: RecordCuePatch } }, async (req) =>
      subs.edit.update(await idOf(req.params.id, req), req.params.track, req.params.cueId, req.body, actorOf(req)),
    );
    app.delete(`${base}/subtitles/:track/cues/:cueId`, { ...editors, schema: { ...track, params: CueParams } }, async (req) =>
      subs.edit.remove(await idOf(req.params.id, req), req.params.track, req.params.cueId, actorOf(req)),
    );
    app.post(`${base}/subtitles/:track/cues/:cueId/split`, { ...editors, schema: { ...track, params: CueParams, body: RecordCueSplit } }, async (req) =>
      subs.edit.split(await idOf(req.params.id, req), req.params.track, req.params.cueId, req.body, actorOf(req)),
    );
    app.post(`${base}/subtitles/:track/cues/:cueId/merge`, { ...editors, schema: { ...track, description: 'Merges the cue with the next one.', params: CueParams } }, async (req) =>
      subs.edit.mergeNext(await idOf(req.params.id, req), req.params.track, req.params.cueId, actorOf(req)),
    );
    app.post(`${base}/subtitles/:track/shift`, { ...editors, schema: { ...track, description: 'Moves every cue by deltaMs. Audited.', params: TrackParams, body: RecordShift } }, async (req) =>
      subs.edit.shift(await idOf(req.params.id, req), req.params.track, req.body, actorOf(req)),
    );
    app.post(
      `${base}/subtitles/:track/import`,
      {
        ...editors,
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: { ...track, description: 'Replaces the track with a WebVTT or SRT file; 400 with the line at fault. Audited.', params: TrackParams, body: RecordSubtitleImport },
      },
      async (req) => subs.edit.importFile(await idOf(req.params.id, req), req.params.track, req.body, actorOf(req)),
    );
    app.post(`${base}/subtitles/:track/regenerate`, { ...editors, schema: { ...track, description: 'Drops the edits: the track is the live captions again. Audited.', params: TrackParams } }, async (req) =>
      subs.edit.regenerate(await idOf(req.params.id, req), req.params.track, actorOf(req)),
    );
  };
}
