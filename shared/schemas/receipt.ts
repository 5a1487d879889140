import { z } from 'zod';
import { CalendarDate } from './calendar.js';
import { Guest } from './interview.js';
import { LANDLINE, MOBILE } from './question.js';

/**
 * 回执 (the receipt form, 附件3 of the notices): what the interviewed unit sends back before its interview —
 * the topic, its guests and staff, a contact, a note and the 访谈提纲 (outline). The unit's liaison fills it in,
 * the 电子政务中心 (admin) sets the due date and accepts it or returns it with a reason.
 *
 * not_started: nothing saved yet (the admin may have set a due date); draft: saved, not sent; submitted: waiting
 * for the admin; returned: sent back with a reason, editable again; accepted: final, its guests are the
 * interview's.
 */
export const RECEIPT_STATUSES = ['not_started', 'draft', 'submitted', 'returned', 'accepted'] as const;
export const ReceiptStatus = z.enum(RECEIPT_STATUSES);
export type ReceiptStatus = z.infer<typeof ReceiptStatus>;

/** The states in which the unit may still change its 回执. */
export const RECEIPT_EDITABLE: readonly ReceiptStatus[] = ['not_started', 'draft', 'returned'];

/** 角色 on the form: 访谈嘉宾 (shown to the public once accepted) or 工作人员 (staff coming along, never public). */
export const RECEIPT_PERSON_ROLES = ['guest', 'staff'] as const;
export const ReceiptPersonRole = z.enum(RECEIPT_PERSON_ROLES);
export type ReceiptPersonRole = z.infer<typeof ReceiptPersonRole>;

export const RECEIPT_MAX_PERSONS = 20;

/** One person on the form. The lengths are the interview guest's, since an accepted guest becomes one. */
export const ReceiptPerson = z.object({
  role: ReceiptPersonRole,
  name: Guest.shape.name,
  /** 职务. */
  title: z.string().trim().max(80).default(''),
  /** 简介. */
  bio: z.string().trim().max(500).default(''),
  /** A photo uploaded for this 回执 (POST …/receipt/photos), or none. */
  photoId: z.number().int().positive().nullable().default(null),
});
export type ReceiptPerson = z.infer<typeof ReceiptPerson>;

/** A blank counts as not given, so a half-filled draft saves. */
const text = (max: number) => z.string().trim().max(max).default('');

/** What the liaison saves (a draft): every field may still be blank; shapes are checked on submission. */
export const ReceiptDraft = z.object({
  /** 访谈主题. */
  topic: text(200),
  persons: z.array(ReceiptPerson).max(RECEIPT_MAX_PERSONS).default([]),
  /** 联系人, 联系电话, 电子邮箱. */
  contactName: text(40),
  contactPhone: text(30),
  contactEmail: text(100),
  /** 备注. */
  note: text(1000),
});
export type ReceiptDraft = z.infer<typeof ReceiptDraft>;

/** Whether a 联系电话 is a mainland mobile or a landline with its area code. */
export function isPhone(v: string): boolean {
  return MOBILE.test(v.replace(/[\s-]/g, '')) || LANDLINE.test(v.replace(/\s/g, ''));
}

/** Whether a 电子邮箱 has an address's shape. */
export function isEmail(v: string): boolean {
  return z.email().safeParse(v).success;
}

/** The outline (访谈提纲) as staff see it: the file is downloaded through the studio, never public. */
export const ReceiptOutline = z.object({
  /** The name it was uploaded under, for the download. */
  name: z.string(),
  type: z.enum(['pdf', 'docx']),
  bytes: z.number().int(),
  uploadedAt: z.string(),
});
export type ReceiptOutline = z.infer<typeof ReceiptOutline>;

/** A photo uploaded for a 回执's person (re-encoded, without metadata), seen by staff only. */
export const ReceiptPhoto = z.object({
  id: z.number().int(),
  /** The studio's address of the image. */
  url: z.string(),
  width: z.number().int(),
  height: z.number().int(),
});
export type ReceiptPhoto = z.infer<typeof ReceiptPhoto>;

/** One interview's 回执 as the studio shows it. */
export const ReceiptStaff = ReceiptDraft.extend({
  interviewId: z.number().int(),
  interviewTitle: z.string(),
  unitId: z.number().int().nullable(),
  unit: z.string(),
  scheduledStart: z.string(),
  status: ReceiptStatus,
  /** The due date the admin set (site calendar), or null for none. */
  dueOn: CalendarDate.nullable(),
  /** Past the due date and not yet submitted or accepted (on the site's calendar, today). */
  overdue: z.boolean(),
  outline: ReceiptOutline.nullable(),
  /** The photos the persons name, by id. */
  photos: z.array(ReceiptPhoto),
  submittedAt: z.string().nullable(),
  /** Why the admin returned it (while returned, and kept once resubmitted until a new decision). */
  returnReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type ReceiptStaff = z.infer<typeof ReceiptStaff>;

/** A row of the 回执 lists (the admin's: every interview; the liaison's 我的回执: its unit's). */
export const ReceiptSummary = ReceiptStaff.pick({
  interviewId: true,
  interviewTitle: true,
  unitId: true,
  unit: true,
  scheduledStart: true,
  status: true,
  dueOn: true,
  overdue: true,
  submittedAt: true,
  updatedAt: true,
}).extend({ guests: z.number().int() });
export type ReceiptSummary = z.infer<typeof ReceiptSummary>;

/** The admin sets (or clears, with null) the date the unit must send its 回执 by. */
export const ReceiptDue = z.object({ dueOn: CalendarDate.nullable() });
export type ReceiptDue = z.infer<typeof ReceiptDue>;

/** The admin's decision on a submitted 回执: accept, or return with the reason the unit will read. */
export const ReceiptDecision = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('accept') }),
  z.object({ decision: z.literal('return'), reason: z.string().trim().min(1).max(500) }),
]);
export type ReceiptDecision = z.infer<typeof ReceiptDecision>;
