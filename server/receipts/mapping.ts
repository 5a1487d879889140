import type { Selectable } from 'kysely';
import type { InterviewStaff } from '../../shared/schemas/interview.js';
import { RECEIPT_EDITABLE, type ReceiptPerson, type ReceiptPhoto, type ReceiptStaff, type ReceiptStatus, type ReceiptSummary } from '../../shared/schemas/receipt.js';
import type { Database } from '../db/schema.js';
import type { OutlineType } from './outline.js';

export type ReceiptRow = Selectable<Database['receipts']>;
export type ReceiptPhotoRow = Selectable<Database['receipt_photos']>;

/** Where staff load a 回执 photo; the public address of an accepted guest's is GUEST_PHOTO_PATH. */
export const STAFF_RECEIPT_PHOTO_PATH = '/api/studio/receipt-photos/';
export const GUEST_PHOTO_PATH = '/guest-photos/';

export function toReceiptPhoto(r: ReceiptPhotoRow): ReceiptPhoto {
  return { id: r.id, url: `${STAFF_RECEIPT_PHOTO_PATH}${r.id}`, width: r.width, height: r.height };
}

/** Late, and still the unit's move: an accepted or submitted 回执 is never overdue. */
export function isOverdue(status: ReceiptStatus, dueOn: string | null, today: string): boolean {
  return dueOn !== null && today > dueOn && RECEIPT_EDITABLE.includes(status);
}

export function personsOf(row: ReceiptRow | undefined): ReceiptPerson[] {
  return row ? (JSON.parse(row.persons) as ReceiptPerson[]) : [];
}

/** The 回执 of an interview as the studio sees it; without a row, a blank one not started. */
export function toReceiptStaff(interview: InterviewStaff, row: ReceiptRow | undefined, photos: ReceiptPhotoRow[], today: string): ReceiptStaff {
  const status = (row?.status ?? 'not_started') as ReceiptStatus;
  const persons = personsOf(row);
  const named = new Set(persons.map((p) => p.photoId));
  return {
    interviewId: interview.id,
    interviewTitle: interview.title,
    unitId: interview.unitId,
    unit: interview.unit,
    scheduledStart: interview.scheduledStart,
    status,
    dueOn: row?.due_on ?? null,
    overdue: isOverdue(status, row?.due_on ?? null, today),
    topic: row?.topic ?? '',
    persons,
    contactName: row?.contact_name ?? '',
    contactPhone: row?.contact_phone ?? '',
    contactEmail: row?.contact_email ?? '',
    note: row?.note ?? '',
    outline:
      row?.outline_file && row.outline_name && row.outline_type && row.outline_at
        ? { name: row.outline_name, type: row.outline_type as OutlineType, bytes: row.outline_bytes ?? 0, uploadedAt: row.outline_at }
        : null,
    photos: photos.filter((p) => named.has(p.id)).map(toReceiptPhoto),
    submittedAt: row?.submitted_at ?? null,
    returnReason: row?.return_reason ?? null,
    decidedAt: row?.decided_at ?? null,
    updatedAt: row?.updated_at ?? null,
  };
}

export function toReceiptSummary(r: ReceiptStaff): ReceiptSummary {
  return {
    interviewId: r.interviewId,
    interviewTitle: r.interviewTitle,
    unitId: r.unitId,
    unit: r.unit,
    scheduledStart: r.scheduledStart,
    status: r.status,
    dueOn: r.dueOn,
    overdue: r.overdue,
    submittedAt: r.submittedAt,
    updatedAt: r.updatedAt,
    guests: r.persons.filter((p) => p.role === 'guest').length,
  };
}
