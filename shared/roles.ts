import { z } from 'zod';

/** Staff roles. Netizens (网民) have no account and so no role. */
export const ROLES = ['admin', 'host', 'director', 'reviewer', 'editor'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Who may moderate incoming questions (先审后发). */
export const MODERATORS: readonly Role[] = ['reviewer', 'admin'];
/** Who runs the live queue on air. */
export const HOSTS: readonly Role[] = ['host', 'admin'];
/** Who may change an interview's broadcast status (live / ended). */
export const BROADCASTERS: readonly Role[] = ['host', 'director', 'admin'];
