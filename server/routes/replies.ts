import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../shared/errors.js';
import { REPLY_APPROVERS, REPLY_DRAFTERS } from '../../shared/roles.js';
import {
  InterviewWrittenReply,
  WrittenReplyDraft,
  WrittenReplyListQuery,
  WrittenReplyReturn,
  WrittenReplyStaff,
  WrittenReplyUnitOverview,
} from '../../shared/schemas/writtenReply.js';
import { actorOf, requireStaff } from '../auth/plugin.js';
import type { Domain } from '../domain.js';
import { DomainError } from '../http/errors.js';
import type { ReplyViewer } from '../replies/service.js';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const SlugParams = z.object({ slug: z.string().min(1).max(64) });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
/** Who sees the due lists: the drafters (a liaison: its unit only) and the approvers. */
const REPLY_READERS = [...new Set([...REPLY_DRAFTERS, ...REPLY_APPROVERS])];
const SubmitBody = z.object({ content: WrittenReplyDraft.shape.content.optional() });

function replyViewer(req: FastifyRequest): ReplyViewer {
  const user = req.staff?.user;
  if (!user) throw new DomainError('unauthorized');
  return { id: user.id, role: user.role, unitId: user.unitId };
}

/** 书面答复: the studio's due lists, drafting and approval, and the published replies on the interview page. */
export function replyRoutes(domain: Domain): FastifyPluginAsyncZod {
  const staff = (roles: readonly (typeof REPLY_READERS)[number][]) => requireStaff(domain.sessions, roles);
  return async (app) => {
    app.get(
      '/api/interviews/:slug/written-replies',
      {
        schema: {
          tags: ['public'],
          description: 'The published written replies (书面答复) of an interview: question, 受理日期, 答复日期, 答复部门, 答复内容.',
          params: SlugParams,
          response: { 200: z.array(InterviewWrittenReply), 404: ErrorBody },
        },
      },
      async (req, reply) => {
        const interview = await domain.interviews.getPublic(req.params.slug);
        reply.header('access-control-allow-origin', '*');
        return domain.replies.publicForInterview(interview.id);
      },
    );

    app.get(
      '/api/studio/replies',
      {
        schema: {
          tags: ['studio'],
          description: "Written replies by deadline. A liaison gets its unit's only; asking for another unit's is 403.",
          querystring: WrittenReplyListQuery,
          response: { 200: z.array(WrittenReplyStaff), ...errors },
        },
        preHandler: staff(REPLY_READERS),
      },
      async (req) => domain.replies.list(req.query, replyViewer(req)),
    );
    app.get(
      '/api/studio/replies/overview',
      {
        schema: { tags: ['studio'], description: 'Per unit: open, waiting for approval, overdue, published.', response: { 200: z.array(WrittenReplyUnitOverview), ...errors } },
        preHandler: staff(REPLY_APPROVERS),
      },
      async () => domain.replies.overview(),
    );
    app.get(
      '/api/studio/replies/:id',
      { schema: { tags: ['studio'], params: IdParams, response: { 200: WrittenReplyStaff, ...errors } }, preHandler: staff(REPLY_READERS) },
      async (req) => domain.replies.get(req.params.id, replyViewer(req)),
    );
    app.put(
      '/api/studio/replies/:id/draft',
      { schema: { tags: ['studio'], params: IdParams, body: WrittenReplyDraft, response: { 200: WrittenReplyStaff, ...errors } }, preHandler: staff(REPLY_DRAFTERS) },
      async (req) => domain.replies.saveDraft(req.params.id, req.body.content, actorOf(req), replyViewer(req)),
    );
    app.post(
      '/api/studio/replies/:id/submit',
      {
        schema: { tags: ['studio'], description: 'Submits the text given, or the saved draft, for approval.', params: IdParams, body: SubmitBody, response: { 200: WrittenReplyStaff, ...errors } },
        preHandler: staff(REPLY_DRAFTERS),
      },
      async (req) => domain.replies.submit(req.params.id, req.body.content, actorOf(req), replyViewer(req)),
    );
    app.post(
      '/api/studio/replies/:id/approve',
      {
        schema: { tags: ['studio'], description: 'Publishes a submitted reply (not by the one who submitted it).', params: IdParams, response: { 200: WrittenReplyStaff, ...errors } },
        preHandler: staff(REPLY_APPROVERS),
      },
      async (req) => domain.replies.approve(req.params.id, actorOf(req)),
    );
    app.post(
      '/api/studio/replies/:id/return',
      { schema: { tags: ['studio'], params: IdParams, body: WrittenReplyReturn, response: { 200: WrittenReplyStaff, ...errors } }, preHandler: staff(REPLY_APPROVERS) },
      async (req) => domain.replies.returnReply(req.params.id, req.body.reason, actorOf(req)),
    );
  };
}
