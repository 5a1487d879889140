import { LIVETEXT_APPROVERS, LIVETEXT_AUTHORS, type Role } from '../../shared/roles.js';
import type { LiveTextApproval, LiveTextStatus } from '../../shared/schemas/livetext.js';

/**
 * Who decides on a pending entry (把好政策关), by the interview's approval mode: a reviewer for 'reviewer',
 * the unit's liaison for 'liaison' (the caller has already checked that the liaison's unit is the
 * interview's), and an admin always. Entries left pending when an admin turned approval off ('none') may
 * be decided by a reviewer or the liaison, so none is stuck.
 */
export function mayDecide(mode: LiveTextApproval, role: Role): boolean {
  if (!LIVETEXT_APPROVERS.includes(role)) return false;
  if (role === 'admin') return true;
  if (mode === 'none') return true;
  return role === mode;
}

/** Who writes, corrects and withdraws entries. */
export function mayWrite(role: Role): boolean {
  return LIVETEXT_AUTHORS.includes(role);
}

/** Where an entry goes when it is sent out (posted, a draft submitted, a correction made): straight out, or to approval. */
export function outgoingStatus(mode: LiveTextApproval): LiveTextStatus {
  return mode === 'none' ? 'published' : 'pending';
}

/**
 * Where a correction leaves an entry. A draft stays a draft and a pending entry stays pending (the approver
 * reads the new text). A rejected entry corrected goes back to approval. A published one stays out when no
 * approval is asked; otherwise it leaves the feed until the correction is approved: nothing unapproved is
 * shown, not even for the minutes a correction waits.
 */
export function statusAfterCorrection(status: LiveTextStatus, mode: LiveTextApproval): LiveTextStatus | null {
  switch (status) {
    case 'draft':
    case 'pending':
      return status;
    case 'rejected':
    case 'published':
      return outgoingStatus(mode);
    case 'withdrawn':
      return null;
  }
}
