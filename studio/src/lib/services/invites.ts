import { z } from 'zod';
import { Invite, InviteCreated, InviteView, type InviteCreate } from '../../../../shared/schemas/invite.js';
import { request } from '../api.js';

/** Remote-guest invitations (主会场+N): created and revoked by the director, read by the guest's page. */
export const invitesService = {
  list: (interviewId: number) => request('GET', `/api/studio/interviews/${interviewId}/invites`, z.array(Invite)),
  create: (interviewId: number, body: InviteCreate) => request('POST', `/api/studio/interviews/${interviewId}/invites`, InviteCreated, body),
  revoke: (id: number) => request('DELETE', `/api/studio/invites/${id}`, Invite),
  /** Public: what the guest's link opens; 404 unknown, 410 `invite_expired` when expired or revoked. */
  view: (token: string) => request('GET', `/api/invites/${encodeURIComponent(token)}`, InviteView),
};

export type InviteStatus = 'active' | 'expired' | 'revoked';

/** The list has no status field: revoked wins over expired, and expiry is judged by this browser's clock. */
export function inviteStatus(invite: Invite, now = Date.now()): InviteStatus {
  if (invite.revokedAt) return 'revoked';
  return Date.parse(invite.expiresAt) <= now ? 'expired' : 'active';
}
