import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ZodError } from 'zod';
import type { ErrorBody, ErrorCode, FieldError } from '../../shared/errors.js';
import { detailMessage, errorMessage, issueMessage, langFrom, type IssueLike, type Lang } from './i18n.js';

/** A failure the domain expects (bad move, wrong role, not found), carried to the edge as a code. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** The field or thing at fault, e.g. "username" or "question". */
    readonly field?: string,
    /** A machine-readable reason with a translated sentence in i18n.ts, if any. */
    readonly detail?: string,
    /** Values for the sentence's placeholders, e.g. the line of a file at fault. */
    readonly params?: Record<string, string | number>,
  ) {
    super(`${code}${field ? `: ${field}` : ''}${detail ? ` (${detail})` : ''}`);
  }
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  validation: 400,
  reason_required: 400,
  merge_target_required: 400,
  not_found: 404,
  interview_closed: 409,
  invalid_transition: 409,
  conflict: 409,
  username_taken: 409,
  invite_expired: 410,
  chat_closed: 409,
  not_live: 409,
  track_held: 409,
  media: 400,
  bad_request: 400,
  uri_too_long: 414,
  headers_too_large: 431,
  payload_too_large: 413,
  unsupported_media_type: 415,
  method_not_allowed: 405,
  request_timeout: 408,
  protocol_version: 400,
  rate_limited: 429,
  unauthorized: 401,
  forbidden: 403,
  csrf: 403,
  password_change_required: 403,
  internal: 500,
};

/** The error body for a domain error, in the caller's language. */
export function domainErrorBody(err: DomainError, lang: Lang): ErrorBody {
  const body: ErrorBody = { error: err.code, message: errorMessage(err.code, lang) };
  const detail = err.detail ? detailMessage(err.detail, lang, err.params) : undefined;
  // "Please sign in: wrong password" reads oddly; a sign-in failure says only what went wrong.
  // Nor does "send JSON: only JPEG, PNG or WebP photos": a type refused for a reason says that reason alone.
  // Nor "your role may not do this: this is another unit's interview": the role may, the unit is the reason.
  if (detail) {
    body.message = err.code === 'unauthorized' || err.code === 'unsupported_media_type' || err.code === 'forbidden' ? detail : `${body.message}${lang === 'zh-CN' ? '：' : ': '}${detail}`;
    // A page that has its own general sentence shows this one beside it, not the server's again.
    body.reason = detail;
  }
  // The field says which thing was wrong or missing (e.g. not_found: transportId vs producerId).
  // An expired invitation names why when it can (the interview ended), so the guest's page says so.
  const named = err.code === 'validation' || err.code === 'conflict' || err.code === 'username_taken' || err.code === 'not_found' || err.code.endsWith('_required');
  if (err.field && (named || (err.code === 'invite_expired' && err.detail))) {
    body.fields = [{ field: err.field, code: err.detail ?? err.code, message: detail ?? errorMessage(err.code, lang) }];
  }
  return body;
}

export function fieldErrors(issues: Array<IssueLike & { path: PropertyKey[] }>, lang: Lang): FieldError[] {
  return issues.map((i) => ({ field: i.path.map(String).join('.'), code: i.code, message: issueMessage(i, lang) }));
}

export function validationBody(issues: Array<IssueLike & { path: PropertyKey[] }>, lang: Lang): ErrorBody {
  return { error: 'validation', message: errorMessage('validation', lang), fields: fieldErrors(issues, lang) };
}

/** zod errors from a socket payload or a hand-parsed value. */
export function zodErrorBody(err: ZodError, lang: Lang): ErrorBody {
  return validationBody(err.issues as Array<IssueLike & { path: PropertyKey[] }>, lang);
}

/** Maps any thrown value to an error body and status; unknown errors become a masked 500. */
export function toErrorBody(err: unknown, lang: Lang): { status: number; body: ErrorBody } {
  if (err instanceof DomainError) return { status: HTTP_STATUS[err.code], body: domainErrorBody(err, lang) };
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = err.validation.map((v) => ({
      ...(v.params as Omit<IssueLike, 'code' | 'message'>),
      code: v.keyword,
      message: v.message ?? '',
      path: v.instancePath.split('/').filter(Boolean),
    }));
    // Fastify names the part that failed (body, params, querystring); keep field paths relative to it.
    return { status: 400, body: validationBody(issues, lang) };
  }
  const fe = err as FastifyError;
  if (fe?.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Fastify's own 4xx (bad URL, malformed JSON, wrong content type, body too large) get a code and our words.
    const known = fe.code ? FASTIFY_ERRORS[fe.code] : undefined;
    const mapped = known ?? new DomainError(STATUS_CODES[fe.statusCode] ?? 'bad_request');
    return { status: known ? HTTP_STATUS[mapped.code] : fe.statusCode, body: domainErrorBody(mapped, lang) };
  }
  return { status: 500, body: { error: 'internal', message: errorMessage('internal', lang) } };
}

/** Fastify's own refusals by their `code`, as the contract's codes (with a reason where one helps). */
const FASTIFY_ERRORS: Record<string, DomainError> = {
  FST_ERR_BAD_URL: new DomainError('bad_request', undefined, 'bad_url'),
  FST_ERR_MAX_PARAM_LENGTH: new DomainError('uri_too_long'),
  FST_ERR_CTP_INVALID_JSON_BODY: new DomainError('bad_request', undefined, 'malformed_json'),
  FST_ERR_CTP_EMPTY_JSON_BODY: new DomainError('bad_request', undefined, 'empty_body'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: new DomainError('bad_request', undefined, 'body_length'),
  FST_ERR_CTP_BODY_TOO_LARGE: new DomainError('payload_too_large'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: new DomainError('unsupported_media_type'),
  FST_ERR_NOT_FOUND: new DomainError('not_found'),
};

/** Any other 4xx a library raises, by its status; what is not listed is a plain bad request. */
const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'request_timeout',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  431: 'headers_too_large',
};

/**
 * Fastify's `frameworkErrors`: the router's refusals (a broken percent-encoding, a path parameter over
 * `maxParamLength`) happen before any route or error handler runs, so they are answered here.
 */
export function frameworkErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = toErrorBody(err, langFrom(req.headers['accept-language']));
  req.log.info({ code: body.error, status }, 'request refused by the router');
  void reply.code(status).send(body);
}

/** The one HTTP error handler: 4xx keep their message, 5xx are logged and masked. */
export function httpErrorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body } = toErrorBody(err, langFrom(req.headers['accept-language']));
  if (status >= 500) req.log.error({ err }, 'request failed');
  else req.log.info({ code: body.error, status }, 'request refused');
  return reply.code(status).send(body);
}
