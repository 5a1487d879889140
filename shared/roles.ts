import { z } from 'zod';

/** Staff roles. Netizens (网民) have no account and so no role. */
export const ROLES = ['admin', 'host', 'director', 'reviewer', 'editor', 'liaison'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/**
 * 单位联络员: the interviewed unit's contact, bound to one unit and shown only its interviews. For now that is
 * all the role does (approving live text comes later): no questions, no broadcast, no stage.
 */
export const UNIT_BOUND: readonly Role[] = ['liaison'];
/** Who may read an interview's questions (the studio lists and the /studio socket). */
export const QUESTION_READERS: readonly Role[] = ROLES.filter((r) => !UNIT_BOUND.includes(r));

/** Who may moderate incoming questions (先审后发). */
export const MODERATORS: readonly Role[] = ['reviewer', 'admin'];
/** Who runs the live queue on air. */
export const HOSTS: readonly Role[] = ['host', 'admin'];
/** Who may change an interview's broadcast status (live / ended). */
export const BROADCASTERS: readonly Role[] = ['host', 'director', 'admin'];
