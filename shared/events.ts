import { z } from 'zod';
import type { Ack } from './errors.js';
import type { InterviewPublic, InterviewStaff } from './schemas/interview.js';
import { QueueOrder, QuestionTransition, QuestionEdit, type QuestionPublic, type QuestionStaff } from './schemas/question.js';

/** Bumped when an event's shape changes incompatibly; clients send it in the handshake. */
export const PROTOCOL_VERSION = 1;

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

/** `/studio` namespace. Authenticated by the staff session cookie. */
export const StudioJoin = z.object({ interviewId: z.number().int().positive() });
export const StudioTransition = QuestionTransition.extend({ id: z.number().int().positive() });
export const StudioEdit = QuestionEdit.extend({ id: z.number().int().positive() });
export const StudioReorder = QueueOrder.extend({ interviewId: z.number().int().positive() });

export interface StudioServerEvents {
  /** A question was submitted or changed (every status, staff fields). */
  question: (q: QuestionStaff) => void;
  interview: (i: InterviewStaff) => void;
  viewers: (p: { interviewId: number; count: number }) => void;
}

export interface StudioClientEvents {
  /** Subscribe to one interview's questions; the ack carries all of them. */
  join: (p: z.input<typeof StudioJoin>, ack: (r: Ack<QuestionStaff[]>) => void) => void;
  transition: (p: z.input<typeof StudioTransition>, ack: (r: Ack<QuestionStaff>) => void) => void;
  edit: (p: z.input<typeof StudioEdit>, ack: (r: Ack<QuestionStaff>) => void) => void;
  reorder: (p: z.input<typeof StudioReorder>, ack: (r: Ack<QuestionStaff[]>) => void) => void;
}
