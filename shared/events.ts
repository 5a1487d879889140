import { z } from 'zod';
import type { Ack } from './errors.js';
import type { InterviewPublic, InterviewStaff } from './schemas/interview.js';
import type { QuestionPublic, QuestionStaff } from './schemas/question.js';

/**
 * Bumped when an event's shape changes incompatibly. Clients send it in every handshake (`auth.protocol`)
 * and the server refuses another version with `protocol_version`, so a page cached in a portal or a
 * browser tab left open over an upgrade says "reload" instead of misreading events.
 */
export const PROTOCOL_VERSION = 1;

/**
 * Whether a handshake's stated version is this one. Clients built before the check stated none: they
 * speak version 1, so they keep working until the first incompatible change, and are refused after it.
 */
export function speaksProtocol(stated: unknown): boolean {
  return (stated ?? 1) === PROTOCOL_VERSION;
}

/** `/viewer` namespace. Handshake: `auth: { interview: slug }`. */
export const ViewerHandshake = z.object({ interview: z.string().min(1).max(64) });

export interface ViewerServerEvents {
  /** A public question appeared or changed. */
  question: (q: QuestionPublic) => void;
  /** A question left the public list (e.g. a reviewer withdrew an approval or merged it). */
  'question:removed': (p: { id: number }) => void;
  /** The interview's public fields or status changed. */
  interview: (i: InterviewPublic) => void;
  /** How many viewers are connected to this interview. */
  viewers: (p: { count: number }) => void;
}
export type ViewerClientEvents = Record<string, never>;

/**
 * `/studio` namespace. Authenticated by the staff session cookie. It only listens: every staff action
 * (moderate, edit, order the queue) has one door, its HTTP route, and the socket hears the result.
 */
export const StudioJoin = z.object({ interviewId: z.number().int().positive() });

export interface StudioServerEvents {
  /** A question was submitted or changed (every status, staff fields). */
  question: (q: QuestionStaff) => void;
  interview: (i: InterviewStaff) => void;
  viewers: (p: { interviewId: number; count: number }) => void;
}

export interface StudioClientEvents {
  /** Subscribe to one interview's questions; the ack carries all of them. */
  join: (p: z.input<typeof StudioJoin>, ack: (r: Ack<QuestionStaff[]>) => void) => void;
}
