import { isEmail, isPhone, type ReceiptStaff } from '../../shared/schemas/receipt.js';

/**
 * What a 回执 needs before it goes to the admin, as the notice's form asks: a topic, at least one 访谈嘉宾, a
 * contact with a phone number of a real shape (an e-mail address is optional, but an address if given) and
 * the outline. The first gap found, as the field the form marks and a reason in i18n; none when it may go.
 */
export function submissionProblem(r: ReceiptStaff): { field: string; detail: string } | undefined {
  if (!r.topic.trim()) return { field: 'topic', detail: 'receipt_topic_required' };
  if (!r.persons.some((p) => p.role === 'guest')) return { field: 'persons', detail: 'receipt_guest_required' };
  if (!r.contactName.trim()) return { field: 'contactName', detail: 'receipt_contact_required' };
  if (!isPhone(r.contactPhone)) return { field: 'contactPhone', detail: 'receipt_phone' };
  if (r.contactEmail && !isEmail(r.contactEmail)) return { field: 'contactEmail', detail: 'receipt_email' };
  if (!r.outline) return { field: 'outline', detail: 'receipt_outline_required' };
  return undefined;
}
