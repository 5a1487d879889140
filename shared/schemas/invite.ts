import { z } from 'zod';

/** A remote guest's invitation (主会场+N): one interview, one named guest, expiring, revocable. */
export const InviteCreate = z.object({
  guestName: z.string().trim().min(1).max(40),
  /** Hours until the link stops working. */
  expiresInHours: z.number().int().min(1).max(24 * 14).default(24),
});
export type InviteCreate = z.infer<typeof InviteCreate>;

export const Invite = z.object({
  id: z.number().int(),
  interviewId: z.number().int(),
  guestName: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type Invite = z.infer<typeof Invite>;

/** Returned once, when created: the link carries the token, which is stored only as a hash. */
export const InviteCreated = Invite.extend({ token: z.string(), url: z.string() });
export type InviteCreated = z.infer<typeof InviteCreated>;

/** What the guest's page learns from its link. */
export const InviteView = z.object({
  guestName: z.string(),
  interview: z.object({ slug: z.string(), title: z.string(), unit: z.string(), status: z.string() }),
  expiresAt: z.string(),
});
export type InviteView = z.infer<typeof InviteView>;
