import { z } from 'zod';

/** Every error the API or a socket ack can return, by code. Clients translate codes, never messages. */
export const ERROR_CODES = [
  'validation',
  'not_found',
  'interview_closed',
  'rate_limited',
  'unauthorized',
  'forbidden',
  'csrf',
  /** Signed in with a generated or reset password: only changing it is allowed. */
  'password_change_required',
  'invalid_transition',
  'reason_required',
  'merge_target_required',
  'conflict',
  'username_taken',
  'invite_expired',
  /** The crew chat of an interview that has ended: kept, read-only. */
  'chat_closed',
  /** A caption cue (typed or ingested) for an interview that is not live. */
  'not_live',
  /** Another typist holds this caption track: take it over first (接手). */
  'track_held',
  'media',
  // Requests refused before any route reads them (router, body parser, Node's HTTP parser).
  'bad_request',
  'uri_too_long',
  'headers_too_large',
  'payload_too_large',
  'unsupported_media_type',
  'method_not_allowed',
  'request_timeout',
  // A socket client built for another version of the events (a cached page): it must reload.
  'protocol_version',
  'internal',
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** One invalid field: its path (e.g. "content" or "guests.0.name") and what is wrong with it. */
export const FieldError = z.object({
  field: z.string(),
  code: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldError>;

/** The body of every 4xx/5xx answer, and of a failed socket ack. */
export const ErrorBody = z.object({
  error: ErrorCode,
  message: z.string(),
  /** The specific reason alone, when the message is the general sentence with a reason after it. */
  reason: z.string().optional(),
  fields: z.array(FieldError).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** A socket acknowledgement: the same error body as HTTP on failure. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
