import type { Selectable } from 'kysely';
import {
  type ReplyNoticeState,
  type WrittenReplyPublic,
  type WrittenReplyStaff,
  type WrittenReplyStatus,
} from '../../shared/schemas/writtenReply.js';
import type { Database } from '../db/schema.js';
import { maskPersonalData } from '../questions/personal-data.js';

/** How many times the e-mail to an asker is tried before the reply is marked `failed`. */
export const NOTIFY_MAX_ATTEMPTS = 5;

// The asker's contact is a phone number or an e-mail address (shared/schemas/question.ts Contact); only the
// latter can be written to.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const isEmail = (contact: string | null): contact is string => contact !== null && EMAIL.test(contact.trim());

/** A reply row with what the staff view names: the question's public wording, the interview and unit. */
export type ReplyJoined = Selectable<Database['written_replies']> & {
  public_content: string;
  nickname: string;
  contact: string | null;
  interview_title: string;
  unit_name: string;
};

/** A reply is late when it is not published by its day, or was published after it. */
export function isOverdue(r: Pick<ReplyJoined, 'status' | 'due_on' | 'replied_on'>, today: string): boolean {
  return r.status === 'published' ? (r.replied_on ?? '') > r.due_on : today > r.due_on;
}

function noticeState(r: ReplyJoined, mailEnabled: boolean): ReplyNoticeState {
  if (!mailEnabled || !isEmail(r.contact)) return 'none';
  if (r.notified_at) return 'sent';
  return r.notify_attempts >= NOTIFY_MAX_ATTEMPTS ? 'failed' : 'pending';
}

/** The staff view: never the asker's contact, only whether they were told. */
export function toReplyStaff(r: ReplyJoined, today: string, mailEnabled: boolean): WrittenReplyStaff {
  return {
    id: r.id,
    questionId: r.question_id,
    interviewId: r.interview_id,
    interviewTitle: r.interview_title,
    unitId: r.unit_id,
    unit: r.unit_name,
    question: r.public_content,
    nickname: r.nickname,
    status: r.status as WrittenReplyStatus,
    acceptedOn: r.accepted_on,
    dueOn: r.due_on,
    overdue: isOverdue(r, today),
    content: r.content,
    personalData: r.content ? maskPersonalData(r.content).found : [],
    submittedAt: r.submitted_at,
    returnReason: r.return_reason,
    publishedAt: r.published_at,
    repliedOn: r.replied_on,
    answeringUnit: r.answering_unit,
    notice: noticeState(r, mailEnabled),
    assignedAt: r.assigned_at,
    updatedAt: r.updated_at,
  };
}

/** What the public sees of a published reply; null for one not published. */
export function toReplyPublic(r: Pick<ReplyJoined, 'question_id' | 'status' | 'accepted_on' | 'replied_on' | 'answering_unit' | 'content'>): WrittenReplyPublic | null {
  if (r.status !== 'published' || !r.replied_on || r.answering_unit === null) return null;
  return { questionId: r.question_id, acceptedOn: r.accepted_on, repliedOn: r.replied_on, unit: r.answering_unit, content: r.content };
}
